/**
 * The network a request routes on, as every routing endpoint reads it (/routes, /matrix, /reachability): the
 * hard constraints normalised, the links open on the network date, the advisories in force that day (and the
 * exclusions of the avoided kinds), and the live state's disruptions compiled for the departure. One reading,
 * so that a matrix cell or a reachable node is planned on exactly the network /routes plans the pair on.
 */
import { DomainError } from '../errors.js';
import type { Disruption } from '../live/disruption-schema.js';
import type { Advisory, AdvisoryKind } from '../network/advisory-schema.js';
import type { Network, NetworkNode } from '../network/network.js';
import { compileDisruptions, type DisruptionRules } from '../routing/disruption-rules.js';
import { linksClosedOn, resolveNetworkDate } from '../routing/network-date.js';
import {
  type Constraints,
  type ExclusionOptions,
  normalizeConstraints,
} from '../routing/route-constraints.js';
import {
  advisoriesOn,
  advisoryExclusions,
  checkEndpointAdvisories,
  normalizeAdvisoryKinds,
} from './route-advisories.js';

/** The options of a request that shape the network it routes on. */
export interface NetworkOptions extends ExclusionOptions {
  /** Advisory kinds whose countries, links and nodes are excluded (`war-risk`, `sanctions`, ...). */
  avoidAdvisories?: readonly string[];
  /** Route on the links open on this day, YYYY-MM-DD (default: the clock's day, UTC). */
  networkDate?: string;
  /** The live state's disruptions (default: none): closures exclude, delays add dwell, while in force. */
  disruptions?: readonly Disruption[];
  /** Plan on the static network, disregarding `disruptions`. */
  ignoreDisruptions?: boolean;
  /** The departure disruptions are timed from (default: the clock's now). */
  departAt?: Date;
  /** The clock `departAt` and `networkDate` default from (default: the system clock). */
  clock?: () => Date;
}

export interface RequestNetwork {
  /** The day whose network is routed on, YYYY-MM-DD. */
  networkDate: string;
  /** Avoided advisory kinds, normalised and sorted. */
  advisoryKinds: AdvisoryKind[];
  /** Advisories in force on the network date. */
  advisories: Advisory[];
  /** The constraints with the avoided advisories' exclusions and the links closed on the network date. */
  constraints: Constraints;
  /** The live disruptions considered and the departure they are timed from (absent when none). */
  live?: { disruptions: readonly Disruption[]; departAt: Date };
  /** The disruptions that can touch a route of this departure, compiled; null when none can. */
  rules: DisruptionRules | null;
}

/**
 * Reads the network of a request from its options.
 * @throws DomainError INVALID_PARAMETER / UNKNOWN_COUNTRY / UNKNOWN_PLACE for a bad constraint or date.
 */
export function requestNetwork(network: Network, options: NetworkOptions): RequestNetwork {
  const clock = options.clock ?? (() => new Date());
  const networkDate = resolveNetworkDate(options.networkDate, clock);
  const advisoryKinds = normalizeAdvisoryKinds(options.avoidAdvisories);
  const advisories = advisoriesOn(network, networkDate);
  const constraints: Constraints = {
    ...normalizeConstraints(network, options),
    exclusions: advisoryExclusions(advisories, advisoryKinds),
    closedLinks: linksClosedOn(network, networkDate),
  };
  const disruptions = options.ignoreDisruptions ? [] : (options.disruptions ?? []);
  const live = disruptions.length > 0 ? { disruptions, departAt: options.departAt ?? clock() } : undefined;
  const rules = live ? compileDisruptions(network, live.disruptions, live.departAt) : null;
  return { networkDate, advisoryKinds, advisories, constraints, ...(live ? { live } : {}), rules };
}

/** The exclusions an answer was planned under, normalised, as every routing answer echoes them. */
export function exclusionEcho(constraints: Constraints, advisoryKinds: AdvisoryKind[]) {
  return {
    avoid: constraints.countries,
    avoidModes: constraints.modes,
    avoidSeas: constraints.seas,
    avoidNodes: constraints.nodes,
    avoidAdvisories: advisoryKinds,
  };
}

/** Why an endpoint cannot be routed from or to under the constraints, or null when it can. */
export type EndpointExclusion = 'ENDPOINT_IN_AVOIDED_COUNTRY' | 'ENDPOINT_AVOIDED';

/**
 * Checks that a route may start, pass or end at `node`.
 * @throws DomainError ENDPOINT_IN_AVOIDED_COUNTRY (its country, or an avoided advisory covering it) or
 *   ENDPOINT_AVOIDED (listed in avoidNodes), naming `parameter`.
 */
export function checkEndpoint(
  network: Network,
  node: NetworkNode,
  parameter: string,
  constraints: Constraints,
): void {
  if (constraints.countries.includes(node.country)) {
    throw new DomainError(
      'ENDPOINT_IN_AVOIDED_COUNTRY',
      `${parameter}: ${node.name} (${node.id}) is in ${node.country}, which the request avoids`,
      { parameter, value: node.id },
    );
  }
  if (constraints.nodes.includes(node.id)) {
    throw new DomainError(
      'ENDPOINT_AVOIDED',
      `${parameter}: ${node.name} (${node.id}) is also listed in avoidNodes`,
      { parameter, value: node.id },
    );
  }
  checkEndpointAdvisories(node, parameter, constraints.exclusions ?? [], network);
}

/** The code checkEndpoint would throw for `node`, or null: for answers that report it per cell. */
export function endpointExclusion(
  network: Network,
  node: NetworkNode,
  constraints: Constraints,
): EndpointExclusion | null {
  try {
    checkEndpoint(network, node, 'endpoint', constraints);
    return null;
  } catch (e) {
    if (
      e instanceof DomainError &&
      (e.code === 'ENDPOINT_IN_AVOIDED_COUNTRY' || e.code === 'ENDPOINT_AVOIDED')
    )
      return e.code;
    throw e;
  }
}
