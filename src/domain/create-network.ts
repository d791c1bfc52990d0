/**
 * Builds a Network from raw records: validates every record with the zod schemas and the cross-record rules
 * (known references, unique ids, great-circle bound), collects every problem with its file, record and field,
 * and refuses to build a half-valid network.
 */
import { createHash } from 'node:crypto';
import graphology from 'graphology';
import type { z } from 'zod';
import { NetworkDataError } from './errors.js';
import { co2eKgPerTonne, emissionFactor, movingHours, nodeDwellHours, waitHours } from './estimate-costs.js';
import { greatCircleKm } from './geo.js';
import { summarizeCountries } from './list-countries.js';
import type { Network, NetworkLink, NetworkNode } from './network.js';
import {
  type LinkInput,
  LinkRecordSchema,
  type NodeRecord,
  NodeRecordSchema,
  type Parameters,
  ParametersSchema,
  type SeaRecord,
  SeaRecordSchema,
} from './network-schema.js';
import { buildPlaceIndex } from './place-index.js';
import { compileRoutingIndex } from './routing-index.js';

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

/** Country path of a link from `from` to `to`: endpoints and transit countries, consecutive repeats merged. */
function countryPath(fromCountry: string, transit: readonly string[], toCountry: string): string[] {
  const path: string[] = [];
  for (const c of [fromCountry, ...transit, toCountry]) if (path[path.length - 1] !== c) path.push(c);
  return path;
}

/**
 * Validates raw records and builds the network.
 * @throws NetworkDataError listing every problem found, each naming file, record and field.
 */
export function createNetwork(raw: RawNetwork): Network {
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

  const nodes: NetworkNode[] = nodeRecords.map((record, index) => ({
    ...record,
    index,
    dwell: nodeDwellHours(record, params),
  }));
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const links: NetworkLink[] = linkInputs.map(({ record }, index) => {
    const from = nodeById.get(record.from) as NetworkNode;
    const to = nodeById.get(record.to) as NetworkNode;
    return {
      ...record,
      id: `${record.from}--${record.to}--${record.mode}`,
      index,
      countryPath: countryPath(from.country, record.countries ?? [], to.country),
      movingHours: movingHours(record, from.country, params),
      waitHours: waitHours(record),
      co2eKgPerTonne: co2eKgPerTonne(record, params),
      emissionFactor: emissionFactor(record, params).name,
    };
  });

  const graph = new graphology.MultiGraph<NetworkNode, NetworkLink>({ type: 'mixed', allowSelfLoops: false });
  for (const node of nodes) graph.addNode(node.id, node);
  for (const link of links) {
    if (link.oneway) graph.addDirectedEdgeWithKey(link.id, link.from, link.to, link);
    else graph.addUndirectedEdgeWithKey(link.id, link.from, link.to, link);
  }

  const routing = compileRoutingIndex(
    nodes,
    links.map((l) => ({
      fromIndex: (nodeById.get(l.from) as NetworkNode).index,
      toIndex: (nodeById.get(l.to) as NetworkNode).index,
      mode: l.mode,
      sea: l.sea,
      countryPath: l.countryPath,
      oneway: l.oneway,
      routable: l.status === 'in-service',
      distanceKm: l.distanceKm,
      hours: l.movingHours + l.waitHours,
      co2eKgPerTonne: l.co2eKgPerTonne,
    })),
  );

  return {
    graph,
    nodes,
    nodeById,
    links,
    seas,
    parameters: params,
    countries: summarizeCountries(nodes),
    dataVersion: raw.dataVersion ?? hashRecords(raw),
    routing,
    places: buildPlaceIndex(nodes),
  };
}
