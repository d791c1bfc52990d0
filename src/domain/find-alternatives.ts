/**
 * Alternatives that differ meaningfully from the best route and from each other. Candidates come from
 * banning, one more at a time, a feature of a route already found (a transit country or a sea it crosses),
 * so each candidate is the best route of another corridor; they are taken best first by the metric. A
 * candidate is kept only if its countries-and-seas signature is new and it shares at most MAX_SHARED_FRACTION
 * of its distance with any route kept before it (no one-station detours of the same corridor).
 */
import type { Network, NetworkLink } from './network.js';
import { pathThroughStops } from './path-through-stops.js';
import { buildMasks, type Constraints } from './route-constraints.js';
import type { Metric } from './routing-index.js';
import type { Path } from './shortest-path.js';

/** Largest fraction of an alternative's distance that may lie on links of a route kept before it. */
export const MAX_SHARED_FRACTION = 0.7;
/** Most features banned together when deriving a candidate. */
const MAX_BANS = 4;
/** Upper bound on path searches per request. */
const MAX_SEARCHES = 120;

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

/** Finds up to `count` alternatives after `best`, best first by the metric. */
export function findAlternatives(
  network: Network,
  stops: readonly number[],
  metric: Metric,
  constraints: Constraints,
  best: Path,
  count: number,
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
      const masks = buildMasks(network, {
        countries: [...constraints.countries, ...next.countries],
        modes: constraints.modes,
        seas: [...constraints.seas, ...next.seas],
        nodes: constraints.nodes,
      });
      const p = pathThroughStops(network, stops, metric, masks);
      if (p) queue.push({ path: p, bans: next });
    }
  };

  expand(best, noBans);
  while (kept.length <= count && queue.length > 0) {
    queue.sort((a, b) => a.path.cost - b.path.cost);
    const candidate = queue.shift() as Candidate;
    const sig = signature(network, candidate.path);
    const total = distanceOf(network, candidate.path.links);
    const tooSimilar =
      signatures.has(sig) ||
      keptLinks.some(
        (links) =>
          distanceOf(
            network,
            candidate.path.links.filter((l) => links.has(l)),
          ) >
          MAX_SHARED_FRACTION * total,
      );
    if (!tooSimilar) {
      kept.push(candidate.path);
      keptLinks.push(new Set(candidate.path.links));
      signatures.add(sig);
    }
    expand(candidate.path, candidate.bans);
  }
  return kept.slice(1);
}
