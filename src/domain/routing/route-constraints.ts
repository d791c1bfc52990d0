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
      let count = 0;
      for (let l = 0; l < values.length; l++) if (values[l] === value) count++;
      list = new Int32Array(count);
      for (let l = 0, k = 0; l < values.length; l++) if (values[l] === value) list[k++] = l;
      lists[value] = list;
    }
    return list;
  }
}

/** mask[items[k]] = value for k in [start, end). */
function setAll(mask: Uint8Array, items: Int32Array, start: number, end: number, value: 0 | 1): void {
  for (let k = start; k < end; k++) mask[items[k] as number] = value;
}

/** What a set of constraints excludes, as index lists: marking it costs its size, not the network's. */
interface Exclusion {
  countries: number[];
  nodes: number[];
  /** Links of the avoided modes and seas (a link may be on two lists). */
  linkLists: Int32Array[];
  exclusions: readonly NamedExclusion[];
  closedLinks: readonly number[];
  /** Whether any link is excluded besides those with a blocked endpoint. */
  anyLink: boolean;
}

/**
 * Compiles constraints to exclusion masks over one network's routing index: a node is blocked by its country
 * or id; a link by a country it crosses in transit, its mode or its sea (a link with an endpoint in an avoided
 * country goes with that endpoint), a named exclusion or the network date. It owns a pair of mask buffers that
 * withMasks reuses, and the per-mode and per-sea link lists.
 */
export class MaskCompiler {
  private readonly lists: LinkLists;
  private readonly scratch: { blockedNodes: Uint8Array; blockedLinks: Uint8Array };
  private busy = false;

  constructor(private readonly network: Network) {
    const index = network.routing;
    this.lists = new LinkLists(index);
    this.scratch = {
      blockedNodes: new Uint8Array(index.nodeCount),
      blockedLinks: new Uint8Array(index.linkCount),
    };
  }

  /**
   * Runs `use` with the masks of the constraints, in the reused buffers: setting and then clearing them costs
   * the size of the excluded part, and nothing of size n is allocated per query. The masks are valid only
   * during the call. (A nested call gets fresh masks.)
   */
  withMasks<T>(constraints: Constraints, use: (masks: ExclusionMasks) => T): T {
    if (this.busy) return use(this.build(constraints));
    const plan = this.plan(constraints);
    const { scratch } = this;
    this.busy = true;
    mark(this.network.routing, scratch, plan, 1);
    try {
      return use({
        blockedNodes: scratch.blockedNodes,
        blockedLinks: plan.anyLink ? scratch.blockedLinks : null,
      });
    } finally {
      mark(this.network.routing, scratch, plan, 0);
      this.busy = false;
    }
  }

  /** The masks of the constraints in fresh arrays, the caller's to keep. */
  build(constraints: Constraints): { blockedNodes: Uint8Array; blockedLinks: Uint8Array } {
    const index = this.network.routing;
    const masks = {
      blockedNodes: new Uint8Array(index.nodeCount),
      blockedLinks: new Uint8Array(index.linkCount),
    };
    mark(index, masks, this.plan(constraints), 1);
    return masks;
  }

  private plan(constraints: Constraints): Exclusion {
    const { network, lists } = this;
    const index = network.routing;
    const countries = constraints.countries
      .map((code) => index.countryCodes.indexOf(code))
      .filter((c) => c >= 0);
    const nodes = constraints.nodes.flatMap((id) => {
      const node = network.nodeById.get(id);
      return node ? [node.index] : [];
    });
    const linkLists: Int32Array[] = [];
    for (const mode of constraints.modes) linkLists.push(lists.ofMode(MODES.indexOf(mode)));
    for (const sea of constraints.seas) {
      const s = index.seaIds.indexOf(sea);
      if (s >= 0) linkLists.push(lists.ofSea(s));
    }
    const exclusions = constraints.exclusions ?? [];
    const closedLinks = constraints.closedLinks ?? [];
    let anyLink = linkLists.some((list) => list.length > 0) || closedLinks.length > 0;
    for (const e of exclusions) if (e.links.length > 0) anyLink = true;
    for (const c of countries) {
      if ((index.countryLinkOffsets[c + 1] ?? 0) > (index.countryLinkOffsets[c] ?? 0)) anyLink = true;
    }
    return { countries, nodes, linkLists, exclusions, closedLinks, anyLink };
  }
}

/** Sets (1) or clears (0) what `plan` excludes in the masks. */
function mark(
  index: RoutingIndex,
  masks: { blockedNodes: Uint8Array; blockedLinks: Uint8Array },
  plan: Exclusion,
  value: 0 | 1,
): void {
  const { blockedNodes, blockedLinks } = masks;
  for (const c of plan.countries) {
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
  for (const i of plan.nodes) blockedNodes[i] = value;
  for (const list of plan.linkLists) setAll(blockedLinks, list, 0, list.length, value);
  for (const e of plan.exclusions) {
    for (const n of e.nodes) blockedNodes[n] = value;
    for (const l of e.links) blockedLinks[l] = value;
  }
  for (const l of plan.closedLinks) blockedLinks[l] = value;
}

/** Runs `use` with the masks of the constraints (the network engine's reused buffers; see MaskCompiler). */
export function withMasks<T>(
  network: Network,
  constraints: Constraints,
  use: (masks: ExclusionMasks) => T,
): T {
  return network.engine.masks.withMasks(constraints, use);
}

/** The masks of the constraints in fresh arrays. */
export function buildMasks(
  network: Network,
  constraints: Constraints,
): { blockedNodes: Uint8Array; blockedLinks: Uint8Array } {
  return network.engine.masks.build(constraints);
}

/** True when no constraint is set (the links closed on the network date are the network, not a constraint). */
export function isUnconstrained(c: Constraints): boolean {
  return (
    c.countries.length + c.modes.length + c.seas.length + c.nodes.length + (c.exclusions?.length ?? 0) === 0
  );
}
