/**
 * What a watch remembers of an answer, and what it compares: the chosen route's legs (node ids and modes) and,
 * when the query is dated (departAt), its expected arrival (p50). A change of anything else (a total rounded
 * differently, an alternative) sends nothing; a new route, a later arrival, or no route at all does. The
 * summary is what a webhook carries as `previous` and `current`.
 */
import { createHash } from 'node:crypto';
import { DomainError, type RoutePlan } from '../domain/index.js';

export interface WatchLeg {
  from: string;
  to: string;
  mode: string;
  sea?: string;
}

/** The summary of a watch's answer. */
export interface WatchAnswer {
  /** `route`: a route was found; `none`: no route (NO_ROUTE or another routing problem, in `problem`). */
  outcome: 'route' | 'none';
  route?: {
    countries: string[];
    distanceKm: number;
    durationHours: number;
    legs: WatchLeg[];
    /** Expected arrival (p50), when the query has departAt. */
    arrival?: string;
    /** Disruptions in force on the route (delays it passes). */
    disruptions: string[];
  };
  /** Closures that moved the answer off its best undisrupted route. */
  disruptionsAvoided: string[];
  problem?: { code: string; detail: string; blockedBy?: { kind: string; value: string }[] };
}

/** The summary of a route plan. */
export function answerOfPlan(plan: RoutePlan): WatchAnswer {
  const best = plan.routes[0];
  if (!best) return { outcome: 'none', disruptionsAvoided: plan.disruptionsAvoided.map((d) => d.id) };
  const arrival = (best as { arrival?: { p50?: string } }).arrival?.p50;
  return {
    outcome: 'route',
    route: {
      countries: best.countries,
      distanceKm: best.distanceKm,
      durationHours: best.durationHours,
      legs: best.legs.map((l) => ({
        from: l.from.id,
        to: l.to.id,
        mode: l.mode,
        ...(l.sea !== undefined ? { sea: l.sea } : {}),
      })),
      ...(arrival !== undefined ? { arrival } : {}),
      disruptions: best.disruptions.map((d) => d.id),
    },
    disruptionsAvoided: plan.disruptionsAvoided.map((d) => d.id),
  };
}

/** The summary of a routing problem under the live state (a closure that leaves no route, ...). */
export function answerOfProblem(error: DomainError): WatchAnswer {
  const blockedBy = error.details.blockedBy?.map((c) => ({ kind: c.kind, value: c.value }));
  return {
    outcome: 'none',
    disruptionsAvoided: [],
    problem: { code: error.code, detail: error.message, ...(blockedBy ? { blockedBy } : {}) },
  };
}

/** What two answers are compared by (sha256 hex). */
export function fingerprintOf(answer: WatchAnswer): string {
  const basis =
    answer.outcome === 'route' && answer.route
      ? ['route', answer.route.legs.map((l) => `${l.from}>${l.to}:${l.mode}`), answer.route.arrival ?? null]
      : ['none', answer.problem?.code ?? null];
  return createHash('sha256').update(JSON.stringify(basis)).digest('hex');
}

/** The routing problem a change of the live state can cause and undo (NO_ROUTE): a watch records it as an answer. */
export function isLiveStateProblem(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code === 'NO_ROUTE';
}
