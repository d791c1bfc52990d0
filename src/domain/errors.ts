/**
 * Typed errors of the domain. Each carries a stable `code` that clients rely on; the HTTP layer maps codes
 * to statuses in one place (src/http/errors/error-handler.ts). The domain never speaks HTTP.
 */
import type { z } from 'zod';
import type { NodeRefSchema } from './results/node-ref-schema.js';

/** A node offered to the caller as a possible meaning of what they typed. */
export type PlaceSuggestion = z.output<typeof NodeRefSchema>;

/**
 * What a liftable constraint is: a country, mode, sea or node the request avoids, an advisory it avoids
 * (`avoidAdvisories`, by advisory id) or a closure of the live state (by disruption id).
 */
export const CONSTRAINT_KINDS = ['country', 'mode', 'sea', 'node', 'advisory', 'disruption'] as const;

/** One constraint of a routing request that can be lifted. */
export interface Constraint {
  kind: (typeof CONSTRAINT_KINDS)[number];
  value: string;
}

/** One smallest set of constraints whose lifting restores a route. */
export interface Relaxation {
  allow: Constraint[];
}

export type DomainErrorCode =
  | 'INVALID_PARAMETER'
  | 'UNKNOWN_COUNTRY'
  | 'AMBIGUOUS_PLACE'
  | 'UNKNOWN_PLACE'
  | 'ENDPOINT_IN_AVOIDED_COUNTRY'
  | 'ENDPOINT_AVOIDED'
  | 'NO_ROUTE'
  | 'WAYPOINT_OFF_NETWORK';

export interface DomainErrorDetails {
  /** The request parameter at fault (`origin`, `avoid`, ...). */
  parameter?: string;
  /** The offending value, as the caller gave it. */
  value?: unknown;
  suggestions?: PlaceSuggestion[];
  blockedBy?: Constraint[];
  relaxations?: Relaxation[];
}

/**
 * An error with a stable code, a readable message and the details that name what is at fault: the domain's
 * errors and the store's (src/state/state-errors.ts) are both answered from these three.
 */
export class CodedError<Code extends string, Details extends object> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: Details = {} as Details,
  ) {
    super(message);
  }
}

/** An error caused by the request, never by the server: it always has a stable code and a readable message. */
export class DomainError extends CodedError<DomainErrorCode, DomainErrorDetails> {
  override name = 'DomainError';
}

/** Raised at start when graph data breaks a rule; the message names file, record and field. */
export class NetworkDataError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    const shown = problems.slice(0, 50);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : '';
    super(
      `invalid graph data (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${shown.join('\n  ')}${more}`,
    );
    this.name = 'NetworkDataError';
    this.problems = problems;
  }
}
