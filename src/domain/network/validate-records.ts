/**
 * Validation of raw network records: every record against the zod schemas and the cross-record rules (known
 * references, unique ids, great-circle bound), every problem named by file, record and field.
 *
 * Two ways accept exactly the same data. validateQuickly reads plainly valid records with hand-written
 * readers (plain-records.ts; zod only for a record they decline), checks the cross-record rules on node
 * indices, and gives up (null) at the first doubt. validateFully runs zod on every record and collects every
 * problem with its message. createNetwork runs the full way only when the quick way gave up, so every message
 * and its place in the list come from the full way.
 */
import type { z } from 'zod';
import { NetworkDataError } from '../errors.js';
import { nodeDwellHours, nodeTransferHours } from './estimate-costs.js';
import { greatCircleKm } from './geo.js';
import type { NetworkNode } from './network.js';
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
import { readPlainLink, readPlainNode } from './plain-records.js';

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

/** Records that passed every rule, with the nodes and links numbered as the network will number them. */
export interface ValidRecords {
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
  node.transfer = nodeTransferHours(record, parameters);
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
export function validateQuickly(raw: RawNetwork): ValidRecords | null {
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
export function validateFully(raw: RawNetwork): ValidRecords {
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
