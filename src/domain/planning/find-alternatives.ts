/**
 * Alternatives that differ meaningfully from the best route and from each other. Candidates come from
 * banning, one more at a time, a feature of a route already found (a transit country or a sea it crosses),
 * so each candidate is the best route of another corridor. Selection then favours corridors: first the
 * cheapest candidate whose set of sea crossings is not yet offered (Caspian and Black Sea ferries, Caspian
 * ferry then rail through Turkey, all-land), then the cheapest of the rest. A candidate is never taken when its
 * countries-and-seas signature is already offered or it shares more than MAX_SHARED_FRACTION of its distance
 * with a route already offered (no one-station detours of the same corridor), nor when it costs more than
 * MAX_COST_FACTOR times the best route (its search is given up there). The result is sorted best first.
 */
import type { Network, NetworkLink } from '../network/network.js';
import type { DisruptionRules } from '../routing/disruption-rules.js';
import { pathThroughStops } from '../routing/path-through-stops.js';
import { type Constraints, type ExclusionMasks, withMasks } from '../routing/route-constraints.js';
import type { Metric } from '../routing/routing-index.js';
import type { Path, TargetBound } from '../routing/search.js';

/** Largest fraction of an alternative's distance that may lie on links of a route kept before it. */
export const MAX_SHARED_FRACTION = 0.7;
/**
 * Most an alternative may cost, as a multiple of the best route's cost (km, hours or CO2e, as optimized): a
 * corridor twice as long or slow as the best is no alternative a forwarder weighs, and a candidate search
 * stops there instead of exploring the network for a route that would not be offered (a banned set of
 * countries that cuts the origin off from the destination costs a search of everything reachable).
 */
export const MAX_COST_FACTOR = 2;
/** Most features banned together when deriving a candidate. */
const MAX_BANS = 4;
/** Upper bound on path searches per request. */
const MAX_SEARCHES = 60;
/**
 * The candidate searches only add exclusions to the request's, so the costs to each stop under the request's
 * exclusions bound them from below (Search.boundTo): computed once, up to the most an alternative may cost.
 */
const BOUND_CAP = MAX_COST_FACTOR;

export interface AlternativeOptions {
  /**
   * Whether the candidate searches on a network with landmarks are bounded by the costs to each stop under
   * the request's exclusions (default true), rather than by the landmarks: paths of the same optimal cost, far
   * fewer nodes settled.
   */
  targetBounds?: boolean;
  /**
   * Whether, on the static network, a ban set takes a route already found under fewer of its bans when that
   * route enters none of them (default true), rather than searching again: the same alternatives.
   */
  reuseRoutes?: boolean;
  /**
   * Whether a candidate search gives up once its route would cost more than MAX_COST_FACTOR times the best
   * (default true), rather than searching to the end and dropping such a route: the same alternatives.
   */
  stopAtCostLimit?: boolean;
}

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
    const through = link.countryPath;
    // Travelled backwards, the link crosses its countries in the reverse order.
    for (let k = 0; k < through.length; k++) {
      const c = through[forward ? k : through.length - 1 - k] as string;
      if (countries[countries.length - 1] !== c) countries.push(c);
    }
    if (link.sea && seas[seas.length - 1] !== link.sea) seas.push(link.sea);
  });
  return { countries, seas };
}

/** What selection reads of a path, worked out once per path. */
interface PathFacts {
  countries: string[];
  seas: string[];
  /** Countries and seas in order: two paths with the same signature are the same corridor. */
  signature: string;
  /** The set of seas crossed, as a key. */
  seaSet: string;
  distanceKm: number;
}

function pathFacts(network: Network, path: Path): PathFacts {
  const { countries, seas } = countriesAndSeas(network, path);
  return {
    countries,
    seas,
    signature: `${countries.join('>')}|${seas.join('>')}`,
    seaSet: seas.slice().sort().join('+'),
    distanceKm: distanceOf(network, path.links),
  };
}

function distanceOf(network: Network, links: readonly number[]): number {
  let d = 0;
  for (const l of links) d += network.links[l]?.distanceKm ?? 0;
  return d;
}

/** The km of `links` that lie on `on`, summed in the order of `links`. */
function sharedDistance(network: Network, links: readonly number[], on: Set<number>): number {
  let d = 0;
  for (const l of links) if (on.has(l)) d += network.links[l]?.distanceKm ?? 0;
  return d;
}

/** Whether every ban of `fewer` is among those of `more` (both sorted, as expand makes them). */
function within(fewer: Constraints, more: Constraints): boolean {
  return (
    fewer.countries.every((c) => more.countries.includes(c)) && fewer.seas.every((s) => more.seas.includes(s))
  );
}

/** Whether the path uses no node and no link the masks block. */
function passes(path: Path, masks: ExclusionMasks): boolean {
  for (const v of path.nodes) if (masks.blockedNodes[v]) return false;
  const links = masks.blockedLinks;
  if (links) for (const l of path.links) if (links[l]) return false;
  return true;
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
  { targetBounds = true, reuseRoutes = true, stopAtCostLimit = true }: AlternativeOptions = {},
): Path[] {
  if (count <= 0) return [];
  // Bounds for the static network only (with disruptions the clock decides what is open: search.ts), and
  // where searches are goal-directed already (landmarks, on large networks): a small network's searches are
  // cheap, and plain Dijkstra's choice among paths of equal cost stays as it was. Made before the first
  // candidate search (a route within one country may have no feature to ban, so none).
  const bounded = targetBounds && rules === null && network.routing.landmarks !== null;
  let bounds: TargetBound[] | null = null;
  const boundsToStops = (): TargetBound[] | null => {
    if (bounded && bounds === null) {
      bounds = withMasks(network, constraints, (masks) =>
        stops
          .slice(1)
          .map((stop) =>
            network.engine.search.boundTo(
              stop,
              metric,
              masks.blockedNodes,
              masks.blockedLinks,
              BOUND_CAP * best.cost,
            ),
          ),
      );
    }
    return bounds;
  };
  const costLimit = MAX_COST_FACTOR * best.cost;
  const stopCountries = new Set(stops.map((s) => network.nodes[s]?.country));
  const known = new Map<Path, PathFacts>();
  const factsOf = (path: Path): PathFacts => {
    let facts = known.get(path);
    if (facts === undefined) {
      facts = pathFacts(network, path);
      known.set(path, facts);
    }
    return facts;
  };
  const kept: Path[] = [best];
  const keptLinks: Set<number>[] = [new Set(best.links)];
  const signatures = new Set([factsOf(best).signature]);
  const tried = new Set<string>();
  const queue: Candidate[] = [];
  let searches = 0;
  const noBans: Constraints = { countries: [], modes: [], seas: [], nodes: [] };
  /** Every candidate found, in the order found. */
  const found: Candidate[] = [];

  const expand = (path: Path, bans: Constraints) => {
    if (bans.countries.length + bans.seas.length >= MAX_BANS) return;
    const { countries, seas } = factsOf(path);
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
      const toStops = boundsToStops();
      const p = withMasks(network, banned, (masks) => {
        // On the static network, a route found under fewer of these bans that enters none of the newly banned
        // places stays the best under them all (more bans only take routes away): the same route, without a
        // search. With disruptions the clock decides what is open, so each ban set is searched.
        const same =
          reuseRoutes && rules === null
            ? found.find((c) => within(c.bans, next) && passes(c.path, masks))
            : undefined;
        if (same) return same.path;
        if (stopAtCostLimit)
          return pathThroughStops(network, stops, metric, masks, rules, toStops, costLimit);
        const whole = pathThroughStops(network, stops, metric, masks, rules, toStops);
        return whole && whole.cost <= costLimit ? whole : null;
      });
      if (p) {
        const c = { path: p, bans: next };
        queue.push(c);
        found.push(c);
      }
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

  const seaSets = new Set([factsOf(best).seaSet]);
  const acceptable = (c: Candidate) => {
    const facts = factsOf(c.path);
    if (signatures.has(facts.signature)) return false;
    return !keptLinks.some(
      (links) => sharedDistance(network, c.path.links, links) > MAX_SHARED_FRACTION * facts.distanceKm,
    );
  };
  while (kept.length <= count) {
    const fresh = pool.find((c) => !seaSets.has(factsOf(c.path).seaSet) && acceptable(c));
    const next = fresh ?? pool.find(acceptable);
    if (!next) break;
    pool.splice(pool.indexOf(next), 1);
    kept.push(next.path);
    keptLinks.push(new Set(next.path.links));
    signatures.add(factsOf(next.path).signature);
    seaSets.add(factsOf(next.path).seaSet);
  }
  return kept.slice(1).sort((a, b) => a.cost - b.cost);
}
