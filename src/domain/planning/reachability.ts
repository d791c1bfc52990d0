/**
 * Reachability: every node a consignment can reach from an origin within a budget of hours, km or kg CO2e
 * per tonne, under the /routes constraints: one budget-bounded one-to-many search by the budget's metric.
 * Each node reports the totals /routes would give for its best route by that metric (sums of rounded legs),
 * and a node is in the answer when its reported figure is within the budget.
 *
 * A budget can reach the whole network (100,000 nodes and more), so the reachable nodes are kept as columns of
 * typed arrays, not as one object per node: on a large heap, building and collecting that many objects costs
 * several times the search itself. The HTTP layer writes the JSON rows straight from the columns;
 * reachableNodeList makes the row objects where a caller wants them.
 */
import type { z } from 'zod';
import { DomainError } from '../errors.js';
import type { Network, NetworkNode } from '../network/network.js';
import type { ReachabilitySchema, ReachableNodeSchema } from '../results/reachability-result-schema.js';
import { withMasks } from '../routing/route-constraints.js';
import type { Metric } from '../routing/routing-index.js';
import { resolvePlace } from '../search/place-index.js';
import { nodeRef, round1 } from './describe-route.js';
import { checkEndpoint, exclusionEcho, type NetworkOptions, requestNetwork } from './request-network.js';
import { settledTotals } from './tree-totals.js';

/** The budgets, each with the metric it bounds, the figure it is compared with and its documented cap. */
export const REACHABILITY_BUDGETS = {
  maxHours: { metric: 'time', figure: 'durationHours', max: 24 * 365 },
  maxKm: { metric: 'distance', figure: 'distanceKm', max: 40_000 },
  maxCo2e: { metric: 'co2', figure: 'co2eKgPerTonne', max: 10_000 },
} as const satisfies Record<string, { metric: Metric; figure: string; max: number }>;
export type BudgetName = keyof typeof REACHABILITY_BUDGETS;
const BUDGET_NAMES = Object.keys(REACHABILITY_BUDGETS) as BudgetName[];

/**
 * Most a leg's reported figure can exceed its exact cost by: one decimal rounding of distance or CO2e, three
 * of duration (moving, dwell, their sum). The search widens its budget by this per leg, then filters on the
 * reported figure, so no node within the budget as reported is left out.
 */
const ROUNDING_PER_LEG: Record<Metric, number> = { distance: 0.05, co2: 0.05, time: 0.15 };
/** With delays in force, a leg's hours are rounded twice more (the extra dwell, and dwell plus extra). */
const DELAY_ROUNDING_PER_LEG = 0.1;

/**
 * The network options of /routes (constraints, advisories, network date, live disruptions timed from
 * `departAt`), and the one budget.
 */
export interface ReachabilityOptions extends NetworkOptions {
  maxHours?: number;
  maxKm?: number;
  maxCo2e?: number;
}

export type ReachableNode = z.output<typeof ReachableNodeSchema>;

/**
 * The reachable nodes, nearest first by the budget's metric: row k is node `index[k]` (its index in
 * network.nodes) with the figures the answer reports for it (rounded to one decimal).
 */
export interface ReachableNodes {
  count: number;
  index: Int32Array;
  distanceKm: Float64Array;
  durationHours: Float64Array;
  co2eKgPerTonne: Float64Array;
}

/**
 * What /reachability answers, but for the data version the HTTP layer adds and with the nodes as columns
 * (`reached`) where the answer lists them as rows (`nodes`: reachableNodeList).
 */
export type Reachability = Omit<z.output<typeof ReachabilitySchema>, 'dataVersion' | 'nodes'> & {
  reached: ReachableNodes;
};

/** The rows of the answer's `nodes`, one object per reachable node. */
export function reachableNodeList(network: Network, reached: ReachableNodes): ReachableNode[] {
  const rows: ReachableNode[] = [];
  for (let k = 0; k < reached.count; k++) {
    rows.push({
      node: nodeRef(network, network.nodes[reached.index[k] as number] as NetworkNode),
      distanceKm: reached.distanceKm[k] as number,
      durationHours: reached.durationHours[k] as number,
      co2eKgPerTonne: reached.co2eKgPerTonne[k] as number,
    });
  }
  return rows;
}

function budgetOf(options: ReachabilityOptions): { name: BudgetName; value: number } {
  const given = BUDGET_NAMES.filter((name) => options[name] !== undefined);
  if (given.length !== 1) {
    const parameter = given[1] ?? 'maxHours';
    throw new DomainError(
      'INVALID_PARAMETER',
      given.length === 0
        ? 'give one budget: maxHours, maxKm or maxCo2e'
        : `${given.join(', ')}: give exactly one budget of maxHours, maxKm or maxCo2e, not ${given.length}`,
      { parameter, ...(given.length > 1 ? { value: options[parameter as BudgetName] } : {}) },
    );
  }
  const name = given[0] as BudgetName;
  const value = options[name] as number;
  const { max } = REACHABILITY_BUDGETS[name];
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new DomainError('INVALID_PARAMETER', `${name}: must be a number above 0 and at most ${max}`, {
      parameter: name,
      value,
    });
  }
  return { name, value };
}

/**
 * Every node reachable from `origin` (an id or place name) within the one budget of the options.
 * @throws DomainError for a missing, repeated or out-of-range budget, an unknown place or code, or an origin
 *   excluded by the constraints.
 */
export function findReachable(network: Network, origin: string, options: ReachabilityOptions): Reachability {
  const budget = budgetOf(options);
  const { metric, figure } = REACHABILITY_BUDGETS[budget.name];
  const from = resolvePlace(network.places, network.nodeById, origin, 'origin') as NetworkNode;
  // The network /routes plans on: constraints, advisories, network date, live disruptions.
  const { networkDate, advisoryKinds, constraints, live, rules } = requestNetwork(network, options);
  checkEndpoint(network, from, 'origin', constraints);
  const tree = withMasks(network, constraints, (masks) =>
    network.engine.search.searchTree(from.index, {
      metric,
      ...masks,
      // The reported total is rounded once more at the end.
      maxCost: budget.value + 0.05,
      slackPerHop: ROUNDING_PER_LEG[metric] + (rules && metric === 'time' ? DELAY_ROUNDING_PER_LEG : 0),
      rules,
    }),
  );
  // Read right away, before any other tree on this network reuses the arrays.
  const totals = settledTotals(network, tree, network.engine.planning.totalsScratch());
  const settled = tree.settledCount;
  // The four columns in one buffer: one allocation outside the heap rather than four.
  const buffer = new ArrayBuffer(settled * 28);
  const reached: ReachableNodes = {
    count: 0,
    distanceKm: new Float64Array(buffer, 0, settled),
    durationHours: new Float64Array(buffer, settled * 8, settled),
    co2eKgPerTonne: new Float64Array(buffer, settled * 16, settled),
    index: new Int32Array(buffer, settled * 24, settled),
  };
  const budgeted = totals[figure];
  let count = 0;
  for (let k = 0; k < settled; k++) {
    const v = tree.order[k] as number;
    if (round1(budgeted[v] as number) > budget.value) continue;
    reached.index[count] = v;
    reached.distanceKm[count] = round1(totals.distanceKm[v] as number);
    reached.durationHours[count] = round1(totals.durationHours[v] as number);
    reached.co2eKgPerTonne[count] = round1(totals.co2eKgPerTonne[v] as number);
    count++;
  }
  reached.count = count;
  return {
    origin: nodeRef(network, from),
    ...exclusionEcho(constraints, advisoryKinds),
    networkDate,
    ...(live ? { departAt: live.departAt.toISOString() } : {}),
    budget,
    optimize: metric,
    reached,
  };
}
