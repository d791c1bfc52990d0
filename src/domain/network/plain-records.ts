/**
 * Hand-written readers for plainly valid node and link records: each returns exactly what NodeRecordSchema or
 * LinkRecordSchema would output (same fields, same key order, defaults filled in), or undefined whenever the
 * record is anything but plainly valid (a wrong or missing field, text that zod would trim, an unknown key, an
 * explicit undefined, an object that is not a plain one). Undefined means "let zod decide", never "invalid":
 * the schemas stay the rules of record and the source of every message; these readers only spare valid
 * records zod's per-field cost, which dominates loading a large network.
 */
import { isAlpha2 } from './countries.js';
import {
  DISTANCE_BASES,
  type DistanceBasis,
  isPlaceNameText,
  LINK_STATUSES,
  type LinkInput,
  type LinkStatus,
  MAX_ALIASES,
  MODES,
  type Mode,
  NODE_KINDS,
  type NodeKind,
  type NodeRecord,
} from './network-schema.js';

// The patterns of network-schema.ts.
const NODE_ID = /^[A-Z]{2}_[A-Z0-9_]+$/;
const UNLOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;

const KIND_SET: ReadonlySet<string> = new Set(NODE_KINDS);
const MODE_SET: ReadonlySet<string> = new Set(MODES);
const STATUS_SET: ReadonlySet<string> = new Set(LINK_STATUSES);
const BASIS_SET: ReadonlySet<string> = new Set(DISTANCE_BASES);

/** A string zod's `text` accepts unchanged: not empty, nothing to trim. */
const isText = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.trim().length === v.length;

/** A finite number within [min, max] (NaN and non-numbers fail every comparison or the type test). */
const inRange = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && v >= min && v <= max;

/** A number above 0 and at most max. */
const positiveUpTo = (v: unknown, max: number): v is number => typeof v === 'number' && v > 0 && v <= max;

/** Only plain objects (JSON objects, object literals): their for-in keys are exactly their own keys. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype;
}

/** An array of texts, copied (zod outputs a new array), or undefined. */
function textArray(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  for (let i = 0; i < v.length; i++) if (!isText(v[i])) return undefined;
  return v.slice();
}

/**
 * Reads one node record; see the module comment. `kinds` lists with the same entries share one frozen array
 * through `kindsCache` (a network has a handful of distinct lists), which nothing in the domain modifies.
 */
export function readPlainNode(
  raw: unknown,
  kindsCache: Map<string, readonly NodeKind[]> = new Map(),
): NodeRecord | undefined {
  if (!isPlainObject(raw)) return undefined;
  let id: unknown;
  let name: unknown;
  let aliases: unknown;
  let country: unknown;
  let lat: unknown;
  let lon: unknown;
  let kinds: unknown;
  let unlocode: unknown;
  let dwellHours: unknown;
  let transferHours: unknown;
  let gauge: unknown;
  let source: unknown;
  let notes: unknown;
  for (const key in raw) {
    const v = raw[key];
    if (v === undefined) return undefined;
    switch (key) {
      case 'id':
        id = v;
        break;
      case 'name':
        name = v;
        break;
      case 'aliases':
        aliases = v;
        break;
      case 'country':
        country = v;
        break;
      case 'lat':
        lat = v;
        break;
      case 'lon':
        lon = v;
        break;
      case 'kinds':
        kinds = v;
        break;
      case 'unlocode':
        unlocode = v;
        break;
      case 'dwellHours':
        dwellHours = v;
        break;
      case 'transferHours':
        transferHours = v;
        break;
      case 'gauge':
        gauge = v;
        break;
      case 'source':
        source = v;
        break;
      case 'notes':
        notes = v;
        break;
      default:
        return undefined;
    }
  }
  if (typeof id !== 'string' || !NODE_ID.test(id)) return undefined;
  if (!isText(name) || !isPlaceNameText(name) || !isText(source)) return undefined;
  // Every alpha-2 code has two characters: the id must start with them and an underscore.
  if (typeof country !== 'string' || !isAlpha2(country)) return undefined;
  if (id.charCodeAt(0) !== country.charCodeAt(0) || id.charCodeAt(1) !== country.charCodeAt(1))
    return undefined;
  if (!inRange(lat, -90, 90) || !inRange(lon, -180, 180)) return undefined;
  const aliasList = aliases === undefined ? [] : textArray(aliases);
  if (!aliasList || aliasList.length > MAX_ALIASES || !aliasList.every(isPlaceNameText)) return undefined;
  const kindList = sharedKinds(kinds, kindsCache);
  if (!kindList) return undefined;
  if (unlocode !== undefined) {
    if (typeof unlocode !== 'string' || !UNLOCODE.test(unlocode) || !unlocode.startsWith(country))
      return undefined;
  }
  if (dwellHours !== undefined && !inRange(dwellHours, 0, 24 * 30)) return undefined;
  if (transferHours !== undefined && !inRange(transferHours, 0, 24 * 30)) return undefined;
  if (gauge !== undefined && !(Number.isInteger(gauge) && inRange(gauge, 600, 2000))) return undefined;
  if (notes !== undefined && typeof notes !== 'string') return undefined;

  const node = { id, name, aliases: aliasList, country, lat, lon, kinds: kindList } as NodeRecord;
  if (unlocode !== undefined) node.unlocode = unlocode;
  if (dwellHours !== undefined) node.dwellHours = dwellHours;
  if (transferHours !== undefined) node.transferHours = transferHours;
  if (gauge !== undefined) node.gauge = gauge as number;
  node.source = source;
  if (notes !== undefined) node.notes = notes;
  return node;
}

function sharedKinds(v: unknown, cache: Map<string, readonly NodeKind[]>): NodeKind[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  let key = '';
  for (let i = 0; i < v.length; i++) {
    const kind = v[i];
    if (typeof kind !== 'string' || !KIND_SET.has(kind)) return undefined;
    key = i === 0 ? kind : `${key},${kind}`;
  }
  let shared = cache.get(key);
  if (!shared) {
    shared = Object.freeze(v.slice() as NodeKind[]);
    cache.set(key, shared);
  }
  // Typed as the schema's mutable output; frozen so that a change to one node cannot reach the others.
  return shared as NodeKind[];
}

/** Reads one link record; see the module comment. */
export function readPlainLink(raw: unknown): LinkInput | undefined {
  if (!isPlainObject(raw)) return undefined;
  let from: unknown;
  let to: unknown;
  let mode: unknown;
  let distanceKm: unknown;
  let gauge: unknown;
  let electrified: unknown;
  let sea: unknown;
  let sailingHours: unknown;
  let sailingsPerWeek: unknown;
  let operator: unknown;
  let line: unknown;
  let countries: unknown;
  let waypoints: unknown;
  let status: unknown;
  let oneway: unknown;
  let speedKmh: unknown;
  let distanceBasis: unknown;
  let source: unknown;
  let notes: unknown;
  for (const key in raw) {
    const v = raw[key];
    if (v === undefined) return undefined;
    switch (key) {
      case 'from':
        from = v;
        break;
      case 'to':
        to = v;
        break;
      case 'mode':
        mode = v;
        break;
      case 'distanceKm':
        distanceKm = v;
        break;
      case 'gauge':
        gauge = v;
        break;
      case 'electrified':
        electrified = v;
        break;
      case 'sea':
        sea = v;
        break;
      case 'sailingHours':
        sailingHours = v;
        break;
      case 'sailingsPerWeek':
        sailingsPerWeek = v;
        break;
      case 'operator':
        operator = v;
        break;
      case 'line':
        line = v;
        break;
      case 'countries':
        countries = v;
        break;
      case 'waypoints':
        waypoints = v;
        break;
      case 'status':
        status = v;
        break;
      case 'oneway':
        oneway = v;
        break;
      case 'speedKmh':
        speedKmh = v;
        break;
      case 'distanceBasis':
        distanceBasis = v;
        break;
      case 'source':
        source = v;
        break;
      case 'notes':
        notes = v;
        break;
      default:
        return undefined;
    }
  }
  if (!isText(from) || !isText(to) || from === to || !isText(source)) return undefined;
  if (typeof mode !== 'string' || !MODE_SET.has(mode)) return undefined;
  if (!positiveUpTo(distanceKm, 40_000)) return undefined;
  // Rail needs a gauge and alone may have gauge and electrification; ferries alone have sea and sailings.
  if (mode === 'rail') {
    if (gauge === undefined) return undefined;
  } else if (gauge !== undefined || electrified !== undefined) return undefined;
  if (mode === 'ferry') {
    if (sea === undefined || sailingHours === undefined || sailingsPerWeek === undefined) return undefined;
  } else if (sea !== undefined || sailingHours !== undefined || sailingsPerWeek !== undefined)
    return undefined;
  if (gauge !== undefined && !(Number.isSafeInteger(gauge) && inRange(gauge, 600, 2000))) return undefined;
  if (electrified !== undefined && typeof electrified !== 'boolean') return undefined;
  if (sea !== undefined && typeof sea !== 'string') return undefined;
  if (sailingHours !== undefined && !positiveUpTo(sailingHours, 24 * 30)) return undefined;
  if (sailingsPerWeek !== undefined && !positiveUpTo(sailingsPerWeek, 7 * 24)) return undefined;
  if (operator !== undefined && !isText(operator)) return undefined;
  if (line !== undefined && !isText(line)) return undefined;
  let countryList: string[] | undefined;
  if (countries !== undefined) {
    if (!Array.isArray(countries)) return undefined;
    for (const c of countries) if (typeof c !== 'string' || !isAlpha2(c)) return undefined;
    countryList = countries.slice();
  }
  let points: [number, number][] | undefined;
  if (waypoints !== undefined) {
    if (!Array.isArray(waypoints)) return undefined;
    points = [];
    for (const p of waypoints) {
      if (!Array.isArray(p) || p.length !== 2 || !inRange(p[0], -180, 180) || !inRange(p[1], -90, 90)) {
        return undefined;
      }
      points.push([p[0], p[1]]);
    }
  }
  if (status !== undefined && (typeof status !== 'string' || !STATUS_SET.has(status))) return undefined;
  if (oneway !== undefined && typeof oneway !== 'boolean') return undefined;
  if (speedKmh !== undefined && !positiveUpTo(speedKmh, 300)) return undefined;
  if (distanceBasis !== undefined && !BASIS_SET.has(distanceBasis as string)) return undefined;
  if (notes !== undefined && typeof notes !== 'string') return undefined;

  const link = { from, to, mode: mode as Mode, distanceKm } as LinkInput;
  if (gauge !== undefined) link.gauge = gauge as number;
  if (electrified !== undefined) link.electrified = electrified;
  if (sea !== undefined) link.sea = sea;
  if (sailingHours !== undefined) link.sailingHours = sailingHours;
  if (sailingsPerWeek !== undefined) link.sailingsPerWeek = sailingsPerWeek;
  if (operator !== undefined) link.operator = operator;
  if (line !== undefined) link.line = line;
  if (countryList !== undefined) link.countries = countryList;
  if (points !== undefined) link.waypoints = points;
  link.status = (status as LinkStatus | undefined) ?? 'in-service';
  link.oneway = (oneway as boolean | undefined) ?? false;
  if (speedKmh !== undefined) link.speedKmh = speedKmh;
  if (distanceBasis !== undefined) link.distanceBasis = distanceBasis as DistanceBasis;
  link.source = source;
  if (notes !== undefined) link.notes = notes;
  return link;
}
