/**
 * The public facts of a node as answers show them, written once for node search, node detail and the GeoJSON
 * export. The type is the /nodes answer schema's (src/domain/results/node-result-schemas.ts) and it is filled
 * from the record, so typecheck fails where the record and the answer disagree.
 * (The short reference `{ id, name, country }` is planning's `nodeRef`.)
 */
import type { z } from 'zod';
import type { NodeSummarySchema } from '../results/node-result-schemas.js';
import type { NetworkNode } from './network.js';

/** The public facts of a node, as /nodes lists it. */
export type NodeSummary = z.output<typeof NodeSummarySchema>;

/** The summary of a node, in the order answers list its fields; optional facts only when the data has them. */
export function nodeSummary(node: NetworkNode): NodeSummary {
  const summary: NodeSummary = {
    id: node.id,
    name: node.name,
    aliases: node.aliases,
    country: node.country,
    lat: node.lat,
    lon: node.lon,
    kinds: node.kinds,
  };
  if (node.unlocode !== undefined) summary.unlocode = node.unlocode;
  if (node.dwellHours !== undefined) summary.dwellHours = node.dwellHours;
  return summary;
}
