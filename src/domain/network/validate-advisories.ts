/**
 * Validates the advisories file against its schema and the network it belongs to: every target must be a
 * country with nodes in the network, a link id (`FROM--TO--mode`) of the network, or a node id of it, and ids
 * are unique. Every problem is named by file, record and field, like the other graph-data files.
 */

import type { RoutingIndex } from '../routing/routing-index.js';
import { type Advisory, AdvisoryRecordSchema } from './advisory-schema.js';
import type { RecordFile } from './create-network.js';
import type { NetworkLink, NetworkNode } from './network.js';

const formatPath = (path: readonly PropertyKey[]) =>
  path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');

/** Parses and checks the advisories; problems are appended to `problems`. */
export function validateAdvisories(
  file: RecordFile | undefined,
  nodeById: ReadonlyMap<string, NetworkNode>,
  linkById: ReadonlyMap<string, NetworkLink>,
  index: RoutingIndex,
  problems: string[],
): Advisory[] {
  if (file === undefined) return [];
  if (!Array.isArray(file.records)) {
    problems.push(`${file.file}: must be a JSON array of advisories`);
    return [];
  }
  const seen = new Map<string, string>();
  const out: Advisory[] = [];
  file.records.forEach((raw, i) => {
    const rawId =
      raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' ? raw.id : undefined;
    const where = `${file.file}[${i}]${rawId === undefined ? '' : ` (${rawId})`}`;
    // Duplicates are found among invalid records too: fixing one should not reveal another problem.
    if (rawId !== undefined) {
      const first = seen.get(rawId);
      if (first !== undefined)
        problems.push(`${where}.id: duplicate advisory id "${rawId}" (first at ${first})`);
      else seen.set(rawId, where);
    }
    const parsed = AdvisoryRecordSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys)
            problems.push(`${where}${formatPath([...issue.path, key])}: unknown field`);
        } else problems.push(`${where}${formatPath(issue.path)}: ${issue.message}`);
      }
      return;
    }
    const a = parsed.data;
    let nodeIndices: number[] = [];
    let linkIndices: number[] = [];
    if (a.nodeId !== undefined) {
      const node = nodeById.get(a.nodeId);
      if (!node) problems.push(`${where}.nodeId: "${a.nodeId}" is not a known node`);
      else nodeIndices = [node.index];
    } else if (a.linkId !== undefined) {
      const link = linkById.get(a.linkId);
      if (!link) problems.push(`${where}.linkId: "${a.linkId}" is not a known link (ids are FROM--TO--mode)`);
      else linkIndices = [link.index];
    } else if (a.country !== undefined) {
      const c = index.countryCodes.indexOf(a.country);
      if (c >= 0) {
        const nodes = index.countryNodes.subarray(
          index.countryNodeOffsets[c],
          index.countryNodeOffsets[c + 1],
        );
        const transit = index.countryLinks.subarray(
          index.countryLinkOffsets[c],
          index.countryLinkOffsets[c + 1],
        );
        nodeIndices = Array.from(nodes);
        linkIndices = Array.from(transit);
      }
      if (nodeIndices.length + linkIndices.length === 0)
        problems.push(`${where}.country: "${a.country}" has no node or link in the network`);
    }
    out.push({ ...a, nodeIndices, linkIndices });
  });
  return out;
}
