/**
 * What planning remembers about one network, owned by its engine (routing-engine.ts): the frozen reference of
 * each node, the shared legs and border crossings that route answers reuse (so a serializer can reuse their
 * text too), the per-link rounded figures that tree totals add up, and the unconstrained baselines routes are
 * compared with. Everything here depends only on the network, never on a request.
 */
import type { Network, NetworkNode } from '../network/network.js';
import type { Crossing, Leg, NodeRef, RouteEvent } from './describe-route.js';
import { buildLegTable, type LegTable, type TreeTotals } from './tree-totals.js';

/** The totals a route is compared with. */
export interface BaselineTotals {
  distanceKm: number;
  durationHours: number;
  co2eKgPerTonne: number;
}

export class PlanningMemory {
  /** Best unconstrained totals per origin, destination, metric and closed links (find-routes.ts). */
  readonly baselines = new Map<string, BaselineTotals | null>();
  /** Frozen legs without cargo figures, by link, direction and first-leg flag (describe-route.ts). */
  readonly sharedLegs = new Map<number, Leg>();
  /** Frozen border crossings of a link travelled in one direction (describe-route.ts). */
  readonly sharedCrossings = new Map<number, readonly Crossing[]>();
  /** Frozen events, by what they say: the same stop at the same cost is one object (describe-route.ts). */
  readonly sharedEvents = new Map<string, RouteEvent>();
  /**
   * Filled up front by pushing, so that its elements stay packed: an array sized by `new Array(n)` or grown by
   * assigning far indices first is kept as a slow dictionary on large networks.
   */
  private readonly refs: (NodeRef | undefined)[] = [];
  private legs: LegTable | undefined;

  constructor(private readonly network: Network) {
    for (let i = 0; i < network.nodes.length; i++) this.refs.push(undefined);
  }

  /** The reference to a node that answers carry: one frozen object per node, shared by every answer. */
  nodeRef(n: NetworkNode): NodeRef {
    let ref = this.refs[n.index];
    if (ref === undefined) {
      ref = Object.freeze({ id: n.id, name: n.name, country: n.country });
      this.refs[n.index] = ref;
    }
    return ref;
  }

  /** Per-link rounded figures and per-node dwell as typed arrays, made on first use. */
  legTable(): LegTable {
    this.legs ??= buildLegTable(this.network);
    return this.legs;
  }

  private scratchTotals: TreeTotals | undefined;

  /**
   * Arrays of the network's size for settledTotals, made on first use and reused by every tree after: valid
   * until the next caller takes them (requests on one network run one at a time in a thread).
   */
  totalsScratch(): TreeTotals {
    const n = this.network.nodes.length;
    this.scratchTotals ??= {
      distanceKm: new Float64Array(n),
      durationHours: new Float64Array(n),
      co2eKgPerTonne: new Float64Array(n),
      legs: new Int32Array(n),
    };
    return this.scratchTotals;
  }
}
