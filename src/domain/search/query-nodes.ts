/** Node discovery: search by name/alias/id with filters, and one node with its links. */

import type { z } from 'zod';
import { DomainError } from '../errors.js';
import { toAlpha2 } from '../network/countries.js';
import type { Network, NetworkNode } from '../network/network.js';
import { NODE_KINDS, type NodeKind } from '../network/network-schema.js';
import { type NodeSummary, nodeSummary } from '../network/node-views.js';
import { nodeRef } from '../planning/describe-route.js';
import type { NodeDetailSchema } from '../results/node-result-schemas.js';
import { searchPlaceIds } from './place-index.js';

export interface NodeSearch {
  q?: string;
  country?: readonly string[];
  kind?: readonly string[];
  limit?: number;
}

export type NodeDetail = z.output<typeof NodeDetailSchema>;
export type NodeLinkSummary = NodeDetail['links'][number];

/** With `q`, `total` counts matches up to this many (a fuzzy search has no meaningful full count). */
export const MAX_COUNTED = 200;

/** Nodes matching a query (best matches first) or, without `q`, all nodes in id order; filters apply to both. */
export function searchNodes(network: Network, search: NodeSearch): { total: number; nodes: NodeSummary[] } {
  const countries = new Set((search.country ?? []).map((c) => toAlpha2(c, 'country')));
  const kinds = new Set(
    (search.kind ?? []).map((k) => {
      if (!(NODE_KINDS as readonly string[]).includes(k)) {
        throw new DomainError(
          'INVALID_PARAMETER',
          `kind: "${k}" is not a node kind; use one of ${NODE_KINDS.join(', ')}`,
          {
            parameter: 'kind',
            value: k,
          },
        );
      }
      return k as NodeKind;
    }),
  );
  const limit = search.limit ?? 20;
  const keep = (n: NetworkNode) =>
    (countries.size === 0 || countries.has(n.country)) &&
    (kinds.size === 0 || n.kinds.some((k) => kinds.has(k)));
  let matches: NetworkNode[];
  if (search.q?.trim()) {
    // Filters apply inside the search, so a filtered search still finds its best matches.
    const ids = searchPlaceIds(network.places, search.q, Math.max(MAX_COUNTED, limit), (id) =>
      keep(network.nodeById.get(id) as NetworkNode),
    );
    matches = ids.map((id) => network.nodeById.get(id) as NetworkNode);
  } else {
    matches = network.nodes.filter(keep).sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  return { total: matches.length, nodes: matches.slice(0, limit).map(nodeSummary) };
}

/**
 * One node by id (case-insensitive), with every link that touches it.
 * @throws DomainError UNKNOWN_PLACE with the closest matches.
 */
export function getNode(network: Network, id: string): NodeDetail {
  const node = network.nodeById.get(id.trim().toUpperCase());
  if (!node) {
    const suggestions = searchPlaceIds(network.places, id, 5).map((s) =>
      nodeRef(network, network.nodeById.get(s) as NetworkNode),
    );
    throw new DomainError('UNKNOWN_PLACE', `id: no node has the id "${id}"`, {
      parameter: 'id',
      value: id,
      suggestions,
    });
  }
  const links = network.graph.edges(node.id).map((key) => {
    const link = network.graph.getEdgeAttributes(key);
    const other = network.nodeById.get(link.from === node.id ? link.to : link.from) as NetworkNode;
    return {
      linkId: link.id,
      to: nodeRef(network, other),
      mode: link.mode,
      distanceKm: link.distanceKm,
      ...(link.sea !== undefined ? { sea: link.sea } : {}),
      ...(link.gauge !== undefined ? { gauge: link.gauge } : {}),
      status: link.status,
      oneway: link.oneway,
      source: link.source,
    };
  });
  return { ...nodeSummary(node), source: node.source, links };
}
