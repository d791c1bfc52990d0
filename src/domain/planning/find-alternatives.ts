/**
 * Alternatives that differ meaningfully from the best route and from each other. Candidates come from
 * banning, one more at a time, a feature of a route already found (a transit country or a sea it crosses),
 * so each candidate is the best route of another corridor. Selection then favours corridors: first the
 * cheapest candidate whose set of sea crossings is not yet offered (Caspian and Black Sea ferries, Caspian
 * ferry then rail through Turkey, all-land), then the cheapest of the rest. A candidate is never taken when its
 * countries-and-seas signature is already offered or it shares more than MAX_SHARED_FRACTION of its distance
 * with a route already offered (no one-station detours of the same corridor). The result is sorted best first.
 */
import type { Network, NetworkLink } from '../network/network.js';
import type { DisruptionRules } from '../routing/disruption-rules.js';
import { pathThroughStops } from '../routing/path-through-stops.js';
import { type Constraints, withMasks } from '../routing/route-constraints.js';
import type { Metric } from '../routing/routing-index.js';
import type { Path } from '../routing/search.js';

/** Largest fraction of an alternative's distance that may lie on links of a route kept before it. */
export const MAX_SHARED_FRACTION = 0.7;
/** Most features banned together when deriving a candidate. */
const MAX_BANS = 4;
/** Upper bound on path searches per request. */
const MAX_SEARCHES = 60;

interface Candidate {
  path: Path;
  bans: Constraints;
}

function countriesAndSeas(network: Network, path: Path): { countries: string[]; seas: string[] } {
  const countries: string[] = [network.nodes[path.nodes[0] ?? 0]?.country ?? ''];
  const seas: string[] = [];
  path.links.forEach((l, i) => {
    const link = network.links[l] as NetworkLink;
    const forward = link.from === network.nodes[path.nodes[i] ?? 0]?.id;
    for (const c of forward ? link.countryPath : [...link.countryPath].reverse()) {
      if (countries[countries.length - 1] !== c) countries.push(c);
    }
    if (link.sea && seas[seas.length - 1] !== link.sea) seas.push(link.sea);
  });
  return { countries, seas };
}

function signature(network: Network, path: Path): string {
  const { countries, seas } = countriesAndSeas(network, path);
  return `${countries.join('>')}|${seas.join('>')}`;
}

function distanceOf(network: Network, links: readonly number[]): number {
  let d = 0;
  for (const l of links) d += network.links[l]?.distanceKm ?? 0;
  return d;
}

/** Finds up to `count` alternatives after `best`, best first by the metric (under the same disruptions). */
export function findAlternatives(
  network: Network,
  stops: readonly number[],
  metric: Metric,
  constraints: Constraints,
  best: Path,
  count: number,
  rules: DisruptionRules | null = null,
): Path[] {
  if (count <= 0) return [];
  const stopCountries = new Set(stops.map((s) => network.nodes[s]?.country));
  const kept: Path[] = [best];
  const keptLinks: Set<number>[] = [new Set(best.links)];
  const signatures = new Set([signature(network, best)]);
  const tried = new Set<string>();
  const queue: Candidate[] = [];
  let searches = 0;
  const noBans: Constraints = { countries: [], modes: [], seas: [], nodes: [] };

  const expand = (path: Path, bans: Constraints) => {
    if (bans.countries.length + bans.seas.length >= MAX_BANS) return;
    const { countries, seas } = countriesAndSeas(network, path);
    const features = [
      ...countries.filter((c) => !stopCountries.has(c)).map((c) => ({ kind: 'country' as const, value: c })),
      ...seas.map((s) => ({ kind: 'sea' as const, value: s })),
    ];
    for (const f of features) {
      const next: Constraints = {
        ...bans,
        countries: f.kind === 'country' ? [...new Set([...bans.countries, f.value])].sort() : bans.countries,
        seas: f.kind === 'sea' ? [...new Set([...bans.seas, f.value])].sort() : bans.seas,
      };
      const key = `${next.countries.join(',')}|${next.seas.join(',')}`;
      if (tried.has(key) || searches >= MAX_SEARCHES) continue;
      tried.add(key);
      searches++;
      const banned: Constraints = {
        ...constraints,
        countries: [...constraints.countries, ...next.countries],
        seas: [...constraints.seas, ...next.seas],
      };
      const p = withMasks(network, banned, (masks) => pathThroughStops(network, stops, metric, masks, rules));
      if (p) queue.push({ path: p, bans: next });
    }
  };

  expand(best, noBans);
  // Explore candidates cheapest first: each one's own variants join the pool.
  const pool: Candidate[] = [];
  while (queue.length > 0 && searches < MAX_SEARCHES) {
    queue.sort((a, b) => a.path.cost - b.path.cost);
    const candidate = queue.shift() as Candidate;
    pool.push(candidate);
    expand(candidate.path, candidate.bans);
  }
  pool.push(...queue);
  pool.sort((a, b) => a.path.cost - b.path.cost);

  const seaSets = new Set([countriesAndSeas(network, best).seas.slice().sort().join('+')]);
  const acceptable = (c: Candidate) => {
    if (signatures.has(signature(network, c.path))) return false;
    const total = distanceOf(network, c.path.links);
    return !keptLinks.some(
      (links) =>
        distanceOf(
          network,
          c.path.links.filter((l) => links.has(l)),
        ) >
        MAX_SHARED_FRACTION * total,
    );
  };
  while (kept.length <= count) {
    const fresh = pool.find(
      (c) => !seaSets.has(countriesAndSeas(network, c.path).seas.slice().sort().join('+')) && acceptable(c),
    );
    const next = fresh ?? pool.find(acceptable);
    if (!next) break;
    pool.splice(pool.indexOf(next), 1);
    kept.push(next.path);
    keptLinks.push(new Set(next.path.links));
    signatures.add(signature(network, next.path));
    seaSets.add(countriesAndSeas(network, next.path).seas.slice().sort().join('+'));
  }
  return kept.slice(1).sort((a, b) => a.cost - b.cost);
}
