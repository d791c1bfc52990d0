/**
 * Advisories in a plan: those in force on the network date, the ones each route touches (a country it
 * passes, a link it uses, a node it passes through), the exclusions `avoidAdvisories` asks for (each named
 * `{ kind: 'advisory', value: id }` when explaining a missing route), and the warnings that say so in words.
 */
import type { z } from 'zod';
import { DomainError } from '../errors.js';
import {
  ADVISORY_KINDS,
  type Advisory,
  type AdvisoryKind,
  advisoryAppliesOn,
} from '../network/advisory-schema.js';
import type { Network, NetworkNode } from '../network/network.js';
import type { RouteAdvisorySchema } from '../results/route-result-schemas.js';
import type { NamedExclusion } from '../routing/route-constraints.js';
import type { Route } from './describe-route.js';

/** An advisory as a route lists it. */
export type RouteAdvisory = z.output<typeof RouteAdvisorySchema>;

/** Validates and normalises `avoidAdvisories` (advisory kinds), sorted and unique. */
export function normalizeAdvisoryKinds(raw: readonly string[] | undefined): AdvisoryKind[] {
  const kinds = (raw ?? []).map((k) => {
    const kind = k.trim().toLowerCase();
    if (!(ADVISORY_KINDS as readonly string[]).includes(kind)) {
      throw new DomainError(
        'INVALID_PARAMETER',
        `avoidAdvisories: "${k}" is not an advisory kind; use one of ${ADVISORY_KINDS.join(', ')}`,
        { parameter: 'avoidAdvisories', value: k },
      );
    }
    return kind as AdvisoryKind;
  });
  return [...new Set(kinds)].sort();
}

/** The advisories in force on `date` (YYYY-MM-DD). */
export const advisoriesOn = (network: Network, date: string): Advisory[] =>
  network.advisories.filter((a) => advisoryAppliesOn(a, date));

/** The exclusions of the advisories of the avoided kinds. */
export function advisoryExclusions(
  advisories: readonly Advisory[],
  kinds: readonly AdvisoryKind[],
): NamedExclusion[] {
  return advisories
    .filter((a) => kinds.includes(a.kind))
    .map((a) => ({
      constraint: { kind: 'advisory' as const, value: a.id },
      nodes: a.nodeIndices,
      links: a.linkIndices,
    }));
}

/** Refuses an origin, via or destination that an avoided advisory covers (as an avoided country would be). */
export function checkEndpointAdvisories(
  node: NetworkNode,
  parameter: string,
  exclusions: readonly NamedExclusion[],
  network: Network,
): void {
  for (const e of exclusions) {
    if (!e.nodes.includes(node.index)) continue;
    const a = network.advisories.find((x) => x.id === e.constraint.value);
    throw new DomainError(
      'ENDPOINT_IN_AVOIDED_COUNTRY',
      `${parameter}: ${node.name} (${node.id}) is covered by advisory ${e.constraint.value} (${a?.kind ?? 'advisory'}${a?.country ? `, ${a.country}` : ''}), whose kind avoidAdvisories avoids`,
      { parameter, value: node.id },
    );
  }
}

const asListed = (a: Advisory): RouteAdvisory => {
  const out: RouteAdvisory = { id: a.id, kind: a.kind } as RouteAdvisory;
  if (a.country !== undefined) out.country = a.country;
  if (a.linkId !== undefined) out.linkId = a.linkId;
  if (a.nodeId !== undefined) out.nodeId = a.nodeId;
  out.summary = a.summary;
  out.source = a.source;
  out.asOf = a.asOf;
  if (a.validFrom !== undefined) out.validFrom = a.validFrom;
  if (a.validUntil !== undefined) out.validUntil = a.validUntil;
  return out;
};

/** The advisories a route touches, once each, in the order of the advisories file. */
export function routeAdvisories(route: Route, advisories: readonly Advisory[]): RouteAdvisory[] {
  if (advisories.length === 0) return [];
  const countries = new Set(route.countries);
  const nodes = new Set<string>();
  const links = new Set<string>();
  for (const leg of route.legs) {
    nodes.add(leg.from.id);
    nodes.add(leg.to.id);
    links.add(leg.linkId);
  }
  return advisories
    .filter((a) =>
      a.country !== undefined
        ? countries.has(a.country)
        : a.nodeId !== undefined
          ? nodes.has(a.nodeId)
          : a.linkId !== undefined && links.has(a.linkId),
    )
    .map(asListed);
}

const KIND_WORDS: Record<AdvisoryKind, string> = {
  'war-risk': 'war risk',
  sanctions: 'sanctions',
  congestion: 'congestion',
};

/**
 * One warning per advisory touched, naming the routes that touch it (its source is in the route's advisories:
 * a long URL in running text would not wrap on a narrow screen).
 */
export function advisoryWarnings(perRoute: readonly RouteAdvisory[][]): string[] {
  const routesOf = new Map<string, { advisory: RouteAdvisory; routes: number[] }>();
  perRoute.forEach((list, i) => {
    for (const a of list) {
      const entry = routesOf.get(a.id);
      if (entry) entry.routes.push(i + 1);
      else routesOf.set(a.id, { advisory: a, routes: [i + 1] });
    }
  });
  return [...routesOf.values()].map(({ advisory: a, routes }) => {
    const where = a.country ?? a.nodeId ?? a.linkId ?? '';
    const which = routes.length === 1 ? `Route ${routes[0]}` : `Routes ${routes.join(', ')}`;
    return `${which}: ${KIND_WORDS[a.kind]} at ${where} (advisory ${a.id}, as of ${a.asOf}): ${a.summary}`;
  });
}
