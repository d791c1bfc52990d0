/**
 * Builds a Network from raw records: validates every record with the zod schemas and the cross-record rules
 * (known references, unique ids, great-circle bound), collects every problem with its file, record and field,
 * and refuses to build a half-valid network.
 *
 * Validation runs in two ways that accept exactly the same data. The quick way reads plainly valid records
 * with hand-written readers (plain-records.ts; zod only for a record they decline) and checks the
 * cross-record rules on numbers; it gives up at the first doubt. The full way, today's reference, runs zod on
 * every record and collects every problem with its message; it runs only when the quick way gave up, so every
 * message (and their order) comes from it.
 */
import { createHash } from 'node:crypto';
import graphology, { type MultiGraph } from 'graphology';
import type { z } from 'zod';
import { NetworkDataError } from './errors.js';
import { co2eKgPerTonne, emissionFactor, movingHours, nodeDwellHours, waitHours } from './estimate-costs.js';
import { greatCircleKm } from './geo.js';
import { summarizeCountries } from './list-countries.js';
import type { Network, NetworkLink, NetworkNode } from './network.js';
import {
  type LinkInput,
  LinkRecordSchema,
  MODES,
  type NodeKind,
  type NodeRecord,
  NodeRecordSchema,
  type Parameters,
  ParametersSchema,
  type SeaRecord,
  SeaRecordSchema,
} from './network-schema.js';
import { buildPlaceIndex } from './place-index.js';
import { readPlainLink, readPlainNode } from './plain-records.js';
import { type CompileInputLink, RoutingIndexBuilder } from './routing-index.js';

/** Records of one file, with the file's name for messages. */
export interface RecordFile {
  file: string;
  records: unknown;
}

export interface RawNetwork {
  seas: RecordFile[];
  nodes: RecordFile[];
  links: RecordFile[];
  parameters: RecordFile;
  /** Precomputed version; when absent it is the hash of the records. */
  dataVersion?: string;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'missing';
  const s = JSON.stringify(input);
  return s === undefined ? String(input) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Parses an array of records of one file; problems are pushed as `file[i] (id).field: message (got value)`. */
function parseArray<S extends z.ZodType>(
  file: RecordFile,
  schema: S,
  problems: string[],
): { record: z.output<S>; where: string }[] {
  if (!Array.isArray(file.records)) {
    problems.push(`${file.file}: must be a JSON array of records`);
    return [];
  }
  const out: { record: z.output<S>; where: string }[] = [];
  file.records.forEach((raw, i) => {
    const id =
      raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string'
        ? ` (${raw.id})`
        : raw && typeof raw === 'object' && 'from' in raw && 'to' in raw
          ? ` (${String(raw.from)} → ${String(raw.to)})`
          : '';
    const where = `${file.file}[${i}]${id}`;
    const result = schema.safeParse(raw, { reportInput: true });
    if (result.success) {
      out.push({ record: result.data, where });
      return;
    }
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          problems.push(`${where}${formatPath([...issue.path, key])}: unknown field`);
        continue;
      }
      const got = issue.code === 'custom' ? '' : ` (got ${describeInput(issue.input)})`;
      problems.push(`${where}${formatPath(issue.path)}: ${issue.message}${got}`);
    }
  });
  return out;
}

function hashRecords(raw: RawNetwork): string {
  const hash = createHash('sha256');
  const files = [...raw.seas, ...raw.nodes, ...raw.links, raw.parameters].sort((a, b) =>
    a.file < b.file ? -1 : 1,
  );
  for (const f of files) hash.update(`${f.file}\0${JSON.stringify(f.records)}\0`);
  return `sha256:${hash.digest('hex')}`;
}

/** Records that passed every rule, with the nodes and links numbered as the network will number them. */
interface ValidRecords {
  seas: Map<string, SeaRecord>;
  parameters: Parameters;
  /** Node records, already carrying their index and dwell. */
  nodes: NetworkNode[];
  nodeById: Map<string, NetworkNode>;
  links: LinkInput[];
  /** ends[2l], ends[2l + 1]: indices of the from and to nodes of link l. */
  ends: Int32Array;
}

/** Turns a fresh node record (one that zod or a reader made, nobody else holds) into the network's node. */
function toNetworkNode(record: NodeRecord, index: number, parameters: Parameters): NetworkNode {
  const node = record as NetworkNode;
  node.index = index;
  node.dwell = nodeDwellHours(record, parameters);
  return node;
}

/** The record as parsed by `schema`, or undefined when zod finds a problem. */
function zodParse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> | undefined {
  const result = schema.safeParse(raw);
  return result.success ? result.data : undefined;
}

/**
 * The quick way: the valid records, or null as soon as anything is wrong or unusual (the full way then finds
 * and words every problem). Plainly valid node and link records skip zod; cross-record rules are checked on
 * node indices; nothing is built for messages.
 */
function validateQuickly(raw: RawNetwork): ValidRecords | null {
  const seaProblems: string[] = [];
  const seas = new Map<string, SeaRecord>();
  for (const file of raw.seas) {
    for (const { record } of parseArray(file, SeaRecordSchema, seaProblems)) {
      if (seas.has(record.id)) return null;
      seas.set(record.id, record);
    }
  }
  if (seaProblems.length > 0) return null;
  const parameters = zodParse(ParametersSchema, raw.parameters.records);
  if (!parameters) return null;

  const nodes: NetworkNode[] = [];
  const nodeById = new Map<string, NetworkNode>();
  const kinds = new Map<string, readonly NodeKind[]>();
  for (const file of raw.nodes) {
    if (!Array.isArray(file.records)) return null;
    for (const r of file.records as unknown[]) {
      const record = readPlainNode(r, kinds) ?? zodParse(NodeRecordSchema, r);
      if (!record || nodeById.has(record.id)) return null;
      const node = toNetworkNode(record, nodes.length, parameters);
      nodes.push(node);
      nodeById.set(node.id, node);
    }
  }

  let linkCount = 0;
  for (const file of raw.links) {
    if (!Array.isArray(file.records)) return null;
    linkCount += file.records.length;
  }
  // A link pair as one exact number: (lower index * n + higher index) * 3 + mode, below 2^53.
  const n = nodes.length;
  if (n > 2 ** 25) return null;
  const links: LinkInput[] = [];
  const ends = new Int32Array(2 * linkCount);
  const pairKeys = new Float64Array(linkCount);
  for (const file of raw.links) {
    for (const r of file.records as unknown[]) {
      const record = readPlainLink(r) ?? zodParse(LinkRecordSchema, r);
      if (!record) return null;
      const from = nodeById.get(record.from);
      const to = nodeById.get(record.to);
      if (!from || !to) return null;
      if (record.sea !== undefined && !seas.has(record.sea)) return null;
      if (record.distanceKm < greatCircleKm(from.lat, from.lon, to.lat, to.lon)) return null;
      const l = links.length;
      ends[2 * l] = from.index;
      ends[2 * l + 1] = to.index;
      const low = Math.min(from.index, to.index);
      const high = Math.max(from.index, to.index);
      pairKeys[l] = (low * n + high) * 3 + MODES.indexOf(record.mode);
      links.push(record);
    }
  }
  pairKeys.sort();
  for (let k = 1; k < pairKeys.length; k++) if (pairKeys[k] === pairKeys[k - 1]) return null;
  return { seas, parameters, nodes, nodeById, links, ends };
}

/**
 * The full way: zod on every record and every cross-record rule, collecting every problem.
 * @throws NetworkDataError listing every problem found, each naming file, record and field.
 */
function validateFully(raw: RawNetwork): ValidRecords {
  const problems: string[] = [];

  const seas = new Map<string, SeaRecord>();
  for (const file of raw.seas) {
    for (const { record, where } of parseArray(file, SeaRecordSchema, problems)) {
      if (seas.has(record.id)) problems.push(`${where}.id: duplicate sea id "${record.id}"`);
      else seas.set(record.id, record);
    }
  }

  const nodeRecords: NodeRecord[] = [];
  const nodeWhere = new Map<string, string>();
  for (const file of raw.nodes) {
    for (const { record, where } of parseArray(file, NodeRecordSchema, problems)) {
      const first = nodeWhere.get(record.id);
      if (first) {
        problems.push(`${where}.id: duplicate node id "${record.id}" (first defined at ${first})`);
        continue;
      }
      nodeWhere.set(record.id, where);
      nodeRecords.push(record);
    }
  }
  const recordById = new Map(nodeRecords.map((n) => [n.id, n]));
  // Ids of node records that failed validation: a link to one is reported as such, not as unknown.
  const invalidNodeIds = new Set<string>();
  for (const file of raw.nodes) {
    if (!Array.isArray(file.records)) continue;
    for (const r of file.records as unknown[]) {
      const id = r && typeof r === 'object' && 'id' in r ? r.id : undefined;
      if (typeof id === 'string' && !recordById.has(id)) invalidNodeIds.add(id);
    }
  }

  const parametersResult = ParametersSchema.safeParse(raw.parameters.records, { reportInput: true });
  let parameters: Parameters | undefined;
  if (parametersResult.success) parameters = parametersResult.data;
  else {
    for (const issue of parametersResult.error.issues) {
      const field =
        issue.code === 'unrecognized_keys'
          ? `${formatPath(issue.path)}.${issue.keys.join(',')}`
          : formatPath(issue.path);
      problems.push(
        `${raw.parameters.file}${field}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message}`,
      );
    }
  }

  const linkInputs: { record: LinkInput; where: string }[] = [];
  const pairs = new Map<string, string>();
  for (const file of raw.links) {
    for (const entry of parseArray(file, LinkRecordSchema, problems)) {
      const { record, where } = entry;
      let ok = true;
      for (const end of ['from', 'to'] as const) {
        if (!recordById.has(record[end])) {
          problems.push(
            invalidNodeIds.has(record[end])
              ? `${where}.${end}: "${record[end]}" is a node whose record is invalid (see its problem)`
              : `${where}.${end}: "${record[end]}" is not a known node`,
          );
          ok = false;
        }
      }
      if (record.sea !== undefined && !seas.has(record.sea)) {
        problems.push(
          `${where}.sea: "${record.sea}" is not a sea in seas.json (known: ${[...seas.keys()].join(', ')})`,
        );
        ok = false;
      }
      if (!ok) continue;
      const from = recordById.get(record.from) as NodeRecord;
      const to = recordById.get(record.to) as NodeRecord;
      const gc = greatCircleKm(from.lat, from.lon, to.lat, to.lon);
      if (record.distanceKm < gc) {
        problems.push(
          `${where}.distanceKm: ${record.distanceKm} km is less than the great-circle distance ${gc.toFixed(1)} km between ${from.id} and ${to.id}`,
        );
      }
      const key = `${[record.from, record.to].sort().join('|')}|${record.mode}`;
      const first = pairs.get(key);
      if (first)
        problems.push(
          `${where}: duplicate ${record.mode} link between ${record.from} and ${record.to} (first at ${first})`,
        );
      else pairs.set(key, where);
      linkInputs.push(entry);
    }
  }

  if (problems.length > 0 || !parameters) throw new NetworkDataError(problems);
  const params = parameters;
  const nodes = nodeRecords.map((record, index) => toNetworkNode(record, index, params));
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const ends = new Int32Array(2 * linkInputs.length);
  linkInputs.forEach(({ record }, l) => {
    ends[2 * l] = (nodeById.get(record.from) as NetworkNode).index;
    ends[2 * l + 1] = (nodeById.get(record.to) as NetworkNode).index;
  });
  return { seas, parameters: params, nodes, nodeById, links: linkInputs.map((e) => e.record), ends };
}

/**
 * Country path of a link from `from` to `to`: endpoints and transit countries, consecutive repeats merged.
 * Links without transit countries share one frozen path per pair of countries (nothing modifies a path).
 */
function countryPathOf(
  fromCountry: string,
  transit: readonly string[] | undefined,
  toCountry: string,
  shared: Map<string, Map<string, string[]>>,
): string[] {
  if (transit === undefined || transit.length === 0) {
    let byTo = shared.get(fromCountry);
    if (!byTo) {
      byTo = new Map();
      shared.set(fromCountry, byTo);
    }
    let path = byTo.get(toCountry);
    if (!path) {
      path = Object.freeze(fromCountry === toCountry ? [fromCountry] : [fromCountry, toCountry]) as string[];
      byTo.set(toCountry, path);
    }
    return path;
  }
  const path: string[] = [];
  for (const c of [fromCountry, ...transit, toCountry]) if (path[path.length - 1] !== c) path.push(c);
  return path;
}

/**
 * Validates raw records and builds the network.
 * @throws NetworkDataError listing every problem found, each naming file, record and field.
 */
export function createNetwork(raw: RawNetwork): Network {
  const valid = validateQuickly(raw) ?? validateFully(raw);
  const { nodes, nodeById, ends, parameters } = valid;

  const routing = new RoutingIndexBuilder(nodes, valid.links.length);
  const paths = new Map<string, Map<string, string[]>>();
  // One input object, refilled for each link: the builder copies what it needs.
  const input: CompileInputLink = {
    fromIndex: 0,
    toIndex: 0,
    mode: 'rail',
    sea: undefined,
    countryPath: [],
    oneway: false,
    routable: true,
    distanceKm: 0,
    hours: 0,
    co2eKgPerTonne: 0,
  };
  const links: NetworkLink[] = valid.links.map((record, index) => {
    const from = nodes[ends[2 * index] as number] as NetworkNode;
    const to = nodes[ends[2 * index + 1] as number] as NetworkNode;
    // The record is fresh (zod or a reader made it): it becomes the network's link.
    const link = record as NetworkLink;
    link.id = `${record.from}--${record.to}--${record.mode}`;
    link.index = index;
    link.countryPath = countryPathOf(from.country, record.countries, to.country, paths);
    link.movingHours = movingHours(record, from.country, parameters);
    link.waitHours = waitHours(record);
    link.co2eKgPerTonne = co2eKgPerTonne(record, parameters);
    link.emissionFactor = emissionFactor(record, parameters).name;
    input.fromIndex = from.index;
    input.toIndex = to.index;
    input.mode = link.mode;
    input.sea = link.sea;
    input.countryPath = link.countryPath;
    input.oneway = link.oneway;
    input.routable = link.status === 'in-service';
    input.distanceKm = link.distanceKm;
    input.hours = link.movingHours + link.waitHours;
    input.co2eKgPerTonne = link.co2eKgPerTonne;
    routing.addLink(input);
    return link;
  });

  let graph: MultiGraph<NetworkNode, NetworkLink> | undefined;
  return {
    // Built on first use: routing never needs it, and at a million nodes it costs seconds and gigabytes.
    get graph() {
      graph ??= buildGraph(nodes, links);
      return graph;
    },
    nodes,
    nodeById,
    links,
    seas: valid.seas,
    parameters,
    countries: summarizeCountries(nodes),
    dataVersion: raw.dataVersion ?? hashRecords(raw),
    routing: routing.build(),
    places: buildPlaceIndex(nodes),
  };
}

/** The graphology model of validated nodes and links (ids are unique, so nothing here can fail). */
function buildGraph(
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
): MultiGraph<NetworkNode, NetworkLink> {
  const graph = new graphology.MultiGraph<NetworkNode, NetworkLink>({ type: 'mixed', allowSelfLoops: false });
  for (const node of nodes) graph.addNode(node.id, node);
  for (const link of links) {
    if (link.oneway) graph.addDirectedEdgeWithKey(link.id, link.from, link.to, link);
    else graph.addUndirectedEdgeWithKey(link.id, link.from, link.to, link);
  }
  return graph;
}
