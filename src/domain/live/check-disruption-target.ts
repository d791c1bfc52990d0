/**
 * Checks a disruption's target against the loaded network and gives it its canonical spelling: node ids in
 * upper case, link ids as the network writes them, sea ids in lower case, countries as alpha-2 (alpha-3
 * accepted). A target the network does not have is refused with a message naming it and the closest ids.
 */

import { countryByAlpha2, toAlpha2 } from '../network/countries.js';
import type { Network } from '../network/network.js';
import type { DisruptionTarget } from './disruption-schema.js';

export type TargetCheck = { ok: true; target: DisruptionTarget } | { ok: false; message: string };

function closest(ids: Iterable<string>, wanted: string, limit = 3): string[] {
  const w = wanted.toLowerCase();
  const prefix = w.slice(0, Math.max(2, Math.min(5, w.length)));
  const out: string[] = [];
  for (const id of ids) {
    if (id.toLowerCase().includes(prefix)) out.push(id);
    if (out.length >= limit) break;
  }
  return out;
}

const hint = (ids: string[]) => (ids.length > 0 ? ` (did you mean ${ids.join(', ')}?)` : '');

/** The canonical target, or why the network has no such target. */
export function checkDisruptionTarget(network: Network, target: DisruptionTarget): TargetCheck {
  const id = target.id.trim();
  switch (target.kind) {
    case 'node': {
      const node = network.nodeById.get(id.toUpperCase());
      if (node) return { ok: true, target: { kind: 'node', id: node.id } };
      return {
        ok: false,
        message: `no node of the network has id "${id}"${hint(closest(network.nodeById.keys(), id))}`,
      };
    }
    case 'link': {
      const found = network.engine.disruptionTargets.linkIdSpelled(id);
      if (found) return { ok: true, target: { kind: 'link', id: found } };
      return {
        ok: false,
        message: `no link of the network has id "${id}" (link ids are FROM--TO--mode)${hint(closest(network.linkById.keys(), id))}`,
      };
    }
    case 'sea': {
      const sea = id.toLowerCase();
      if (network.seas.has(sea)) return { ok: true, target: { kind: 'sea', id: sea } };
      return {
        ok: false,
        message: `no sea of the network has id "${id}" (known: ${[...network.seas.keys()].join(', ')})`,
      };
    }
    case 'country': {
      let code: string;
      try {
        code = toAlpha2(id, 'target.id');
      } catch {
        return { ok: false, message: `"${id}" is not an ISO 3166-1 country code` };
      }
      if (network.countries.some((c) => c.code === code))
        return { ok: true, target: { kind: 'country', id: code } };
      return {
        ok: false,
        message: `no node of the network is in ${code} (${countryByAlpha2(code)?.name ?? code})`,
      };
    }
  }
}
