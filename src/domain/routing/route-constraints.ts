/**
 * Hard constraints of a routing request (countries, modes, seas and nodes to avoid), normalised, and their
 * compilation to exclusion masks over the routing index. Exclusion is filtering: a masked node or link is
 * never expanded, so no weight can let a path through it.
 */

import { type Constraint, DomainError } from '../errors.js';
import { toAlpha2 } from '../network/countries.js';
import type { Network } from '../network/network.js';
import { MODES, type Mode } from '../network/network-schema.js';
import { foldText } from '../search/fold-text.js';
import { resolvePlace } from '../search/place-index.js';
import { perObject } from './per-object.js';
import type { RoutingIndex } from './routing-index.js';

/** The four exclusion lists of a request as given: countries (alpha-2 or alpha-3), modes, seas and nodes. */
export interface ExclusionOptions {
  avoid?: readonly string[];
  avoidModes?: readonly string[];
  avoidSeas?: readonly string[];
  avoidNodes?: readonly string[];
}

export interface Constraints {
  /** ISO alpha-2 codes, sorted, unique. */
  countries: string[];
  modes: Mode[];
  /** Sea ids. */
  seas: string[];
  /** Node ids. */
  nodes: string[];
  /**
   * Named exclusions besides the four lists (an advisory avoided by `avoidAdvisories`), each liftable on its
   * own when explaining a missing route.
   */
  exclusions?: readonly NamedExclusion[];
  /** Link indices not open on the network date (not a constraint to lift: the network of that day). */
  closedLinks?: readonly number[];
}

/** A constraint that excludes a fixed set of nodes and links (node and link indices). */
export interface NamedExclusion {
  constraint: Constraint;
  nodes: readonly number[];
  links: readonly number[];
}

export interface ExclusionMasks {
  blockedNodes: Uint8Array;
  /**
   * Links excluded besides those with a blocked endpoint (which no search ever takes); from withMasks, null
   * when there are none, so that searches skip the check.
   */
  blockedLinks: Uint8Array | null;
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
const sorted = (values: readonly string[]): string[] => [...values].sort();

/** Resolves a sea given by id or name ("caspian", "Caspian Sea", "black sea"). */
export function resolveSea(network: Network, text: string, parameter = 'avoidSeas'): string {
  const key = foldText(text);
  for (const sea of network.seas.values()) {
    if ([sea.id, sea.name, ...sea.aliases].some((label) => foldText(label) === key)) return sea.id;
  }
  const known = [...network.seas.values()].map((s) => `${s.id} (${s.name})`).join(', ');
  throw new DomainError(
    'INVALID_PARAMETER',
    `${parameter}: "${text}" is not a sea of the network; known: ${known}`,
    {
      parameter,
      value: text,
    },
  );
}

/** Validates and normalises the raw lists of a request. */
export function normalizeConstraints(network: Network, raw: ExclusionOptions): Constraints {
  const modes = (raw.avoidModes ?? []).map((m) => {
    const mode = m.trim().toLowerCase();
    if (!(MODES as readonly string[]).includes(mode)) {
      throw new DomainError(
        'INVALID_PARAMETER',
        `avoidModes: "${m}" is not a mode; use one of ${MODES.join(', ')}`,
        {
          parameter: 'avoidModes',
          value: m,
        },
      );
    }
    return mode as Mode;
  });
  return {
    countries: sorted(unique((raw.avoid ?? []).map((c) => toAlpha2(c, 'avoid')))),
    modes: unique(modes).sort(),
    seas: sorted(unique((raw.avoidSeas ?? []).map((s) => resolveSea(network, s)))),
    nodes: sorted(
      unique(
        (raw.avoidNodes ?? []).map((n) => resolvePlace(network.places, network.nodeById, n, 'avoidNodes').id),
      ),
    ),
  };
}

/**
 * Compiles constraints to masks: a node is blocked by its country or id; a link by a country it crosses in
 * transit, its mode or its sea (a link with an endpoint in an avoided country goes with that endpoint). Avoided
 * countries cost the size of their node and transit-link lists, not the network's.
 */
export function buildMasks(
  network: Network,
  constraints: Constraints,
): { blockedNodes: Uint8Array; blockedLinks: Uint8Array } {
  const index = network.routing;
  const blockedNodes = new Uint8Array(index.nodeCount);
  const blockedLinks = new Uint8Array(index.linkCount);
  for (const code of constraints.countries) {
    const c = index.countryCodes.indexOf(code);
    if (c < 0) continue;
    const nodesEnd = index.countryNodeOffsets[c + 1] ?? 0;
    for (let k = index.countryNodeOffsets[c] ?? 0; k < nodesEnd; k++)
      blockedNodes[index.countryNodes[k] ?? 0] = 1;
    const linksEnd = index.countryLinkOffsets[c + 1] ?? 0;
    for (let k = index.countryLinkOffsets[c] ?? 0; k < linksEnd; k++)
      blockedLinks[index.countryLinks[k] ?? 0] = 1;
  }
  for (const id of constraints.nodes) {
    const node = network.nodeById.get(id);
    if (node) blockedNodes[node.index] = 1;
  }
  for (const e of constraints.exclusions ?? []) {
    for (const n of e.nodes) blockedNodes[n] = 1;
    for (const l of e.links) blockedLinks[l] = 1;
  }
  for (const l of constraints.closedLinks ?? []) blockedLinks[l] = 1;
  if (constraints.modes.length > 0 || constraints.seas.length > 0) {
    const avoidedMode = new Uint8Array(MODES.length);
    for (const m of constraints.modes) avoidedMode[MODES.indexOf(m)] = 1;
    const avoidedSea = new Uint8Array(index.seaIds.length);
    index.seaIds.forEach((id, i) => {
      if (constraints.seas.includes(id)) avoidedSea[i] = 1;
    });
    for (let l = 0; l < index.linkCount; l++) {
      const sea = index.linkSea[l] ?? -1;
      if (avoidedMode[index.linkMode[l] ?? 0] || (sea >= 0 && avoidedSea[sea])) blockedLinks[l] = 1;
    }
  }
  return { blockedNodes, blockedLinks };
}

/** mask[items[k]] = value for k in [start, end). */
function setAll(mask: Uint8Array, items: Int32Array, start: number, end: number, value: 0 | 1): void {
  for (let k = start; k < end; k++) mask[items[k] as number] = value;
}

/** The links of each mode and of each sea, each list found by one scan of the links on first request. */
class LinkLists {
  private readonly modes: (Int32Array | undefined)[] = [];
  private readonly seas: (Int32Array | undefined)[] = [];

  constructor(private readonly index: RoutingIndex) {}

  ofMode(mode: number): Int32Array {
    return this.remembered(this.modes, this.index.linkMode, mode);
  }

  ofSea(sea: number): Int32Array {
    return this.remembered(this.seas, this.index.linkSea, sea);
  }

  /** The links whose value is `value`, collected on first use and kept in `lists`. */
  private remembered(
    lists: (Int32Array | undefined)[],
    values: ArrayLike<number>,
    value: number,
  ): Int32Array {
    let list = lists[value];
    if (!list) {
      list = this.collect(values, value);
      lists[value] = list;
    }
    return list;
  }

  private collect(values: ArrayLike<number>, value: number): Int32Array {
    let count = 0;
    for (let l = 0; l < values.length; l++) if (values[l] === value) count++;
    const list = new Int32Array(count);
    for (let l = 0, k = 0; l < values.length; l++) if (values[l] === value) list[k++] = l;
    return list;
  }
}
const linkLists = perObject((index: RoutingIndex) => new LinkLists(index));

interface Scratch {
  blockedNodes: Uint8Array;
  blockedLinks: Uint8Array;
  busy: boolean;
}
const scratchOf = perObject(
  (index: RoutingIndex): Scratch => ({
    blockedNodes: new Uint8Array(index.nodeCount),
    blockedLinks: new Uint8Array(index.linkCount),
    busy: false,
  }),
);

/**
 * Runs `use` with the masks of the constraints, in buffers kept per network: setting and then clearing them
 * costs the size of the excluded part (avoided countries' nodes and transit links, avoided modes' and seas'
 * links), and nothing of size n is allocated per query. The masks are valid only during the call. (A nested
 * call gets fresh masks from buildMasks.)
 */
export function withMasks<T>(
  network: Network,
  constraints: Constraints,
  use: (masks: ExclusionMasks) => T,
): T {
  const index = network.routing;
  const scratch = scratchOf(index);
  if (scratch.busy) return use(buildMasks(network, constraints));
  const { blockedNodes, blockedLinks } = scratch;
  const countries = constraints.countries
    .map((code) => index.countryCodes.indexOf(code))
    .filter((c) => c >= 0);
  const nodes = constraints.nodes.flatMap((id) => {
    const node = network.nodeById.get(id);
    return node ? [node.index] : [];
  });
  // Links of the avoided modes and seas, from lists kept per network (a link may be on two lists).
  const lists = linkLists(index);
  const byModeOrSea: Int32Array[] = [];
  for (const mode of constraints.modes) byModeOrSea.push(lists.ofMode(MODES.indexOf(mode)));
  for (const sea of constraints.seas) {
    const s = index.seaIds.indexOf(sea);
    if (s >= 0) byModeOrSea.push(lists.ofSea(s));
  }
  const mark = (value: 0 | 1) => {
    for (const c of countries) {
      setAll(
        blockedNodes,
        index.countryNodes,
        index.countryNodeOffsets[c] ?? 0,
        index.countryNodeOffsets[c + 1] ?? 0,
        value,
      );
      setAll(
        blockedLinks,
        index.countryLinks,
        index.countryLinkOffsets[c] ?? 0,
        index.countryLinkOffsets[c + 1] ?? 0,
        value,
      );
    }
    for (const i of nodes) blockedNodes[i] = value;
    for (const list of byModeOrSea) setAll(blockedLinks, list, 0, list.length, value);
    for (const e of exclusions) {
      for (const n of e.nodes) blockedNodes[n] = value;
      for (const l of e.links) blockedLinks[l] = value;
    }
    for (const l of closedLinks) blockedLinks[l] = value;
  };
  const exclusions = constraints.exclusions ?? [];
  const closedLinks = constraints.closedLinks ?? [];
  let anyLink = byModeOrSea.some((list) => list.length > 0) || closedLinks.length > 0;
  for (const e of exclusions) if (e.links.length > 0) anyLink = true;
  for (const c of countries) {
    if ((index.countryLinkOffsets[c + 1] ?? 0) > (index.countryLinkOffsets[c] ?? 0)) anyLink = true;
  }
  scratch.busy = true;
  mark(1);
  try {
    return use({ blockedNodes, blockedLinks: anyLink ? blockedLinks : null });
  } finally {
    mark(0);
    scratch.busy = false;
  }
}

/** True when no constraint is set (the links closed on the network date are the network, not a constraint). */
export function isUnconstrained(c: Constraints): boolean {
  return (
    c.countries.length + c.modes.length + c.seas.length + c.nodes.length + (c.exclusions?.length ?? 0) === 0
  );
}
