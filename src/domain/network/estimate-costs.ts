/**
 * Per-link and per-node cost estimates for the `time` and `co2` models, from the sourced parameters in
 * graph-data/parameters.json. Kept apart from routing so that every figure can be traced to its source.
 */
import type { LinkInput, Mode, NodeRecord, Parameters } from './network-schema.js';

/** Hours a consignment typically waits at a node before moving on (borders, gauge changes, ports). */
export function nodeDwellHours(node: NodeRecord, parameters: Parameters): number {
  if (node.dwellHours !== undefined) return node.dwellHours;
  let dwell = 0;
  for (const kind of node.kinds) dwell = Math.max(dwell, parameters.defaultDwellHours[kind]?.value ?? 0);
  return dwell;
}

/**
 * Hours to move a consignment between modes at a node: the record's transferHours, else the largest default of
 * its kinds (ports, ferry terminals), else the default for a railhead (0 when the parameters name none).
 */
export function nodeTransferHours(node: NodeRecord, parameters: Parameters): number {
  if (node.transferHours !== undefined) return node.transferHours;
  const t = parameters.transferHours;
  if (!t) return 0;
  let byKind: number | undefined;
  for (const kind of node.kinds) {
    const v = t.byKind[kind]?.value;
    if (v !== undefined) byKind = Math.max(byKind ?? 0, v);
  }
  return byKind ?? t.default.value;
}

/** Transfer hours of a node, the modes of the in-service links that meet there, and its own gauge if it has one. */
export interface TransferEnd {
  transfer: number;
  modes: ReadonlySet<Mode>;
  gauge: number | undefined;
}

/**
 * Mode- and gauge-change handling a link carries at its two ends, so that a train passing a port, a railhead or
 * a gauge-change station on its own gauge pays none: a ferry loads and unloads at both ends; a road leg changes
 * to or from a train at an end that has rail links (at a port the ferry already carries the handling); a rail
 * link of another gauge than a gauge-change station's own is where the transhipment happens.
 */
export function handlingHours(link: LinkInput, from: TransferEnd, to: TransferEnd): number {
  switch (link.mode) {
    case 'rail': {
      const changes = (end: TransferEnd) => end.gauge !== undefined && end.gauge !== link.gauge;
      return (changes(from) ? from.transfer : 0) + (changes(to) ? to.transfer : 0);
    }
    case 'ferry':
      return from.transfer + to.transfer;
    case 'road': {
      const atRailhead = (end: TransferEnd) => end.modes.has('rail') && !end.modes.has('ferry');
      return (atRailhead(from) ? from.transfer : 0) + (atRailhead(to) ? to.transfer : 0);
    }
  }
}

/** Commercial speed (km/h) of a container train on this link. */
export function railSpeedKmh(link: LinkInput, fromCountry: string, parameters: Parameters): number {
  return (
    link.speedKmh ??
    parameters.railSpeedKmh.byCountry[fromCountry]?.value ??
    parameters.railSpeedKmh.default.value
  );
}

/** Hours in motion on a link: running time for rail and road, sailing time for ferries. */
export function movingHours(link: LinkInput, fromCountry: string, parameters: Parameters): number {
  switch (link.mode) {
    case 'rail':
      return link.distanceKm / railSpeedKmh(link, fromCountry, parameters);
    case 'road':
      return link.distanceKm / (link.speedKmh ?? parameters.roadSpeedKmh.value);
    case 'ferry':
      return link.sailingHours ?? 0;
  }
}

/** Expected wait for the next departure: half the interval between sailings (0 for rail and road). */
export function waitHours(link: LinkInput): number {
  if (link.mode !== 'ferry' || !link.sailingsPerWeek) return 0;
  return 168 / (2 * link.sailingsPerWeek);
}

/** Emission factor (g CO2e per tonne-km, well-to-wheel) that applies to a link, with its parameter name. */
export function emissionFactor(link: LinkInput, parameters: Parameters): { name: string; gPerTkm: number } {
  const f = parameters.emissionFactors;
  switch (link.mode) {
    case 'rail':
      // Unknown electrification counts as diesel: the conservative (higher) factor.
      return link.electrified
        ? { name: 'railElectric', gPerTkm: f.railElectric.value }
        : { name: 'railDiesel', gPerTkm: f.railDiesel.value };
    case 'ferry':
      return { name: 'ferry', gPerTkm: f.ferry.value };
    case 'road':
      return { name: 'road', gPerTkm: f.road.value };
  }
}

/** kg CO2e per tonne of cargo carried over the link. */
export function co2eKgPerTonne(link: LinkInput, parameters: Parameters): number {
  return (link.distanceKm * emissionFactor(link, parameters).gPerTkm) / 1000;
}
