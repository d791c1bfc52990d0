/**
 * Many-to-many: the best route's totals between every origin and every destination under one set of
 * constraints, as a matrix (rows = origins). One one-to-many search per distinct origin, stopped when every
 * destination is settled; each cell's figures are those /routes reports for the same pair (sums of rounded
 * legs). A cell without a route is null with a reason code instead of failing the whole matrix.
 */
import type { z } from 'zod';
import { DomainError } from '../errors.js';
import type { Network, NetworkLink, NetworkNode } from '../network/network.js';
import type { MatrixSchema } from '../results/matrix-result-schema.js';
import { withMasks } from '../routing/route-constraints.js';
import type { Metric } from '../routing/routing-index.js';
import type { SearchTree } from '../routing/search.js';
import { resolvePlace } from '../search/place-index.js';
import { nodeRef, round1 } from './describe-route.js';
import { endpointExclusion, exclusionEcho, type NetworkOptions, requestNetwork } from './request-network.js';
import { pathTotals } from './tree-totals.js';

/** Documented caps of a matrix request. */
export const MATRIX_LIMITS = { maxOrigins: 50, maxDestinations: 50 } as const;

/** Why a cell has no figures. */
export const MATRIX_CELL_CODES = ['NO_ROUTE', 'ENDPOINT_IN_AVOIDED_COUNTRY', 'ENDPOINT_AVOIDED'] as const;
export type MatrixCellCode = (typeof MATRIX_CELL_CODES)[number];

/** Per-cell extras a caller may ask for. */
export const MATRIX_INCLUDES = ['countries', 'seas'] as const;
export type MatrixInclude = (typeof MATRIX_INCLUDES)[number];

/**
 * The network options of /routes (constraints, advisories, network date, live disruptions timed from
 * `departAt`), and what to compute on it.
 */
export interface MatrixOptions extends NetworkOptions {
  optimize?: Metric;
  include?: readonly MatrixInclude[];
}

/** The matrix /matrix answers, but for the data version the HTTP layer adds. */
export type Matrix = Omit<z.output<typeof MatrixSchema>, 'dataVersion'>;

/** One origin's cells. */
interface Row {
  km: (number | null)[];
  hours: (number | null)[];
  co2: (number | null)[];
  why: (MatrixCellCode | null)[];
  countries: (string[] | null)[];
  seas: (string[] | null)[];
}

function resolveAll(
  network: Network,
  texts: readonly string[],
  parameter: string,
  max: number,
): NetworkNode[] {
  if (texts.length === 0) {
    throw new DomainError('INVALID_PARAMETER', `${parameter}: give at least one place`, { parameter });
  }
  if (texts.length > max) {
    throw new DomainError(
      'INVALID_PARAMETER',
      `${parameter}: ${texts.length} places given, at most ${max} are allowed`,
      { parameter, value: texts.length },
    );
  }
  return texts.map((t) => resolvePlace(network.places, network.nodeById, t, parameter) as NetworkNode);
}

/**
 * Computes the matrix between `origins` and `destinations` (ids or place names) under the options.
 * @throws DomainError for unknown or ambiguous places, unknown codes, or more places than MATRIX_LIMITS allow.
 */
export function computeMatrix(
  network: Network,
  origins: readonly string[],
  destinations: readonly string[],
  options: MatrixOptions = {},
): Matrix {
  const optimize = options.optimize ?? 'distance';
  const from = resolveAll(network, origins, 'origins', MATRIX_LIMITS.maxOrigins);
  const to = resolveAll(network, destinations, 'destinations', MATRIX_LIMITS.maxDestinations);
  // The network /routes plans each pair on: constraints, advisories, network date, live disruptions.
  const { networkDate, advisoryKinds, constraints, live, rules } = requestNetwork(network, options);
  const include = new Set(options.include ?? []);
  const excluded = new Map<number, MatrixCellCode | null>();
  const excludedWhy = (node: NetworkNode): MatrixCellCode | null => {
    let why = excluded.get(node.index);
    if (why === undefined) {
      why = endpointExclusion(network, node, constraints);
      excluded.set(node.index, why);
    }
    return why;
  };
  const targets = to.filter((d) => excludedWhy(d) === null).map((d) => d.index);

  const distanceKm: (number | null)[][] = [];
  const durationHours: (number | null)[][] = [];
  const co2eKgPerTonne: (number | null)[][] = [];
  const unreachable: (MatrixCellCode | null)[][] = [];
  const countries: (string[] | null)[][] | undefined = include.has('countries') ? [] : undefined;
  const seas: (string[] | null)[][] | undefined = include.has('seas') ? [] : undefined;
  // A repeated origin is searched once; its row is copied.
  const rows = new Map<number, Row>();
  const search = network.engine.search;

  withMasks(network, constraints, (masks) => {
    for (const o of from) {
      let row = rows.get(o.index);
      if (row === undefined) {
        const originWhy = excludedWhy(o);
        // The tree is the engine's until its next search: the row is read from it at once.
        const tree =
          originWhy === null
            ? search.searchTree(o.index, { metric: optimize, ...masks, targets, rules })
            : null;
        row = { km: [], hours: [], co2: [], why: [], countries: [], seas: [] };
        for (const d of to) {
          const blocked = originWhy ?? excludedWhy(d);
          const totals = blocked === null && tree ? pathTotals(network, tree, d.index) : null;
          row.why.push(blocked ?? (totals ? null : 'NO_ROUTE'));
          row.km.push(totals ? round1(totals.distanceKm) : null);
          row.hours.push(totals ? round1(totals.durationHours) : null);
          row.co2.push(totals ? round1(totals.co2eKgPerTonne) : null);
          if (countries || seas) {
            const path = totals && tree ? walkBack(network, tree, d.index) : null;
            row.countries.push(path ? path.countries : null);
            row.seas.push(path ? path.seas : null);
          }
        }
        rows.set(o.index, row);
      }
      distanceKm.push(row.km.slice());
      durationHours.push(row.hours.slice());
      co2eKgPerTonne.push(row.co2.slice());
      unreachable.push(row.why.slice());
      countries?.push(row.countries.slice());
      seas?.push(row.seas.slice());
    }
  });

  return {
    origins: from.map((n) => nodeRef(network, n)),
    destinations: to.map((n) => nodeRef(network, n)),
    ...exclusionEcho(constraints, advisoryKinds),
    optimize,
    networkDate,
    ...(live ? { departAt: live.departAt.toISOString() } : {}),
    distanceKm,
    durationHours,
    co2eKgPerTonne,
    unreachable,
    ...(countries ? { countries } : {}),
    ...(seas ? { seas } : {}),
  };
}

/** The countries (travel order, each once per visit) and ferry seas of the tree's path to `target`. */
function walkBack(
  network: Network,
  tree: SearchTree,
  target: number,
): { countries: string[]; seas: string[] } {
  const steps: { link: NetworkLink; forward: boolean }[] = [];
  for (let v = target; v !== tree.source; v = tree.prevNode[v] as number) {
    const link = network.links[tree.prevLink[v] as number] as NetworkLink;
    steps.push({ link, forward: link.to === (network.nodes[v] as NetworkNode).id });
  }
  steps.reverse();
  const countries: string[] = [(network.nodes[tree.source] as NetworkNode).country];
  const seas: string[] = [];
  for (const { link, forward } of steps) {
    const path = forward ? link.countryPath : [...link.countryPath].reverse();
    for (const c of path) if (countries[countries.length - 1] !== c) countries.push(c);
    if (link.mode === 'ferry' && link.sea !== undefined) seas.push(link.sea);
  }
  return { countries, seas };
}
