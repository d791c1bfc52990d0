/**
 * Validation of raw network records in one pass: every record against its zod schema (compiled once,
 * record-parsers.ts) and every cross-record rule (known references, unique ids, the great-circle bound), each
 * rule written once. Every problem is collected and named by file, record and field; the text that names a
 * record is built only for records with a problem, so a valid network pays for none of it.
 */
import type { z } from 'zod';
import { NetworkDataError } from '../errors.js';
import { nodeDwellHours, nodeTransferHours } from './estimate-costs.js';
import { greatCircleKm } from './geo.js';
import type { NetworkNode } from './network.js';
import { type LinkInput, MODES, type NodeKind, type Parameters, type SeaRecord } from './network-schema.js';
import { RECORD_PARSERS } from './record-parsers.js';

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

/**
 * Parses an array of records of one file (the timing files use it too, timing-records.ts): the accepted
 * records with where each came from; problems are pushed as `file[i] (id).field: message (got value)`.
 */
export function parseArray<S extends z.ZodType>(
  file: RecordFile,
  schema: S,
  problems: string[],
): { record: z.output<S>; where: string }[] {
  const records = recordsOf(file, problems);
  if (!records) return [];
  const out: { record: z.output<S>; where: string }[] = [];
  records.forEach((raw, i) => {
    const record = parseRecord(schema, file, i, raw, problems);
    if (record !== undefined) out.push({ record, where: placeOf(file, i, raw) });
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

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'missing';
  const s = JSON.stringify(input);
  return s === undefined ? String(input) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** `file[i] (id)` or `file[i] (from → to)`: how messages name a record. */
function placeOf(file: RecordFile, i: number, raw: unknown): string {
  const id =
    raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string'
      ? ` (${raw.id})`
      : raw && typeof raw === 'object' && 'from' in raw && 'to' in raw
        ? ` (${String(raw.from)} → ${String(raw.to)})`
        : '';
  return `${file.file}[${i}]${id}`;
}

/** Pushes one problem per zod issue, as `where.field: message (got value)`. */
function wordIssues(where: string, error: z.ZodError, problems: string[]): void {
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push(`${where}${formatPath([...issue.path, key])}: unknown field`);
      continue;
    }
    const got = issue.code === 'custom' ? '' : ` (got ${describeInput(issue.input)})`;
    problems.push(`${where}${formatPath(issue.path)}: ${issue.message}${got}`);
  }
}

/** The records of a file as an array, or undefined (with the problem pushed) when the file holds something else. */
function recordsOf(file: RecordFile, problems: string[]): readonly unknown[] | undefined {
  if (Array.isArray(file.records)) return file.records;
  problems.push(`${file.file}: must be a JSON array of records`);
  return undefined;
}

/** Issues carry the value received, for the `(got ...)` of messages. */
const PARSE_OPTIONS = { reportInput: true } as const;

/** The record as `schema` outputs it, or undefined with its problems pushed. */
function parseRecord<S extends z.ZodType>(
  schema: S,
  file: RecordFile,
  i: number,
  raw: unknown,
  problems: string[],
): z.output<S> | undefined {
  const result = schema.safeParse(raw, PARSE_OPTIONS);
  if (result.success) return result.data;
  wordIssues(placeOf(file, i, raw), result.error, problems);
  return undefined;
}

/**
 * Where accepted records came from: each one's number among all the records of its files (one typed array),
 * turned into `file[i] (id)` only when a message needs it.
 */
class Origins {
  private readonly recordOf: Int32Array;
  private count = 0;

  constructor(private readonly files: readonly RecordFile[]) {
    let total = 0;
    for (const file of files) if (Array.isArray(file.records)) total += file.records.length;
    this.recordOf = new Int32Array(total);
  }

  /** Notes that the next accepted record is record number `record` across the files. */
  add(record: number): void {
    this.recordOf[this.count++] = record;
  }

  /** The record number across the files of the accepted record at `position`. */
  record(position: number): number {
    return this.recordOf[position] as number;
  }

  /** `file[i] (id)` of the accepted record at `position`. */
  placeOf(position: number): string {
    let index = this.record(position);
    for (const file of this.files) {
      const records = Array.isArray(file.records) ? (file.records as unknown[]) : [];
      if (index < records.length) return placeOf(file, index, records[index]);
      index -= records.length;
    }
    throw new Error(`validate-records: no record at position ${position}`);
  }
}

function readSeas(files: readonly RecordFile[], problems: string[]): Map<string, SeaRecord> {
  const seas = new Map<string, SeaRecord>();
  for (const file of files) {
    const records = recordsOf(file, problems);
    records?.forEach((raw, i) => {
      const sea = parseRecord(RECORD_PARSERS.sea, file, i, raw, problems);
      if (!sea) return;
      if (seas.has(sea.id)) problems.push(`${placeOf(file, i, raw)}.id: duplicate sea id "${sea.id}"`);
      else seas.set(sea.id, sea);
    });
  }
  return seas;
}

function readParameters(file: RecordFile, problems: string[]): Parameters | undefined {
  const result = RECORD_PARSERS.parameters.safeParse(file.records, PARSE_OPTIONS);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const field =
      issue.code === 'unrecognized_keys'
        ? `${formatPath(issue.path)}.${issue.keys.join(',')}`
        : formatPath(issue.path);
    problems.push(
      `${file.file}${field}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message}`,
    );
  }
  return undefined;
}

interface NodeRecords {
  /** Accepted nodes in order, each carrying its index (dwell and transfer are set once parameters are known). */
  nodes: NetworkNode[];
  nodeById: Map<string, NetworkNode>;
  /** Ids of node records that failed validation: a link to one is reported as such, not as unknown. */
  invalidIds: Set<string>;
}

function readNodes(files: readonly RecordFile[], problems: string[]): NodeRecords {
  const nodes: NetworkNode[] = [];
  const nodeById = new Map<string, NetworkNode>();
  const origins = new Origins(files);
  const failedIds: string[] = [];
  let record = -1;
  // A network has a handful of distinct kinds lists: nodes with the same one share a frozen copy.
  const sharedKinds = new Map<string, NodeKind[]>();
  for (const file of files) {
    recordsOf(file, problems)?.forEach((raw, index) => {
      record++;
      const node = parseRecord(RECORD_PARSERS.node, file, index, raw, problems) as NetworkNode | undefined;
      if (!node) {
        const id = raw && typeof raw === 'object' && 'id' in raw ? raw.id : undefined;
        if (typeof id === 'string') failedIds.push(id);
        return;
      }
      const first = nodeById.get(node.id);
      if (first) {
        problems.push(
          `${placeOf(file, index, raw)}.id: duplicate node id "${node.id}" (first defined at ${origins.placeOf(first.index)})`,
        );
        return;
      }
      const key = node.kinds.join(',');
      let kinds = sharedKinds.get(key);
      if (!kinds) {
        kinds = Object.freeze(node.kinds) as NodeKind[];
        sharedKinds.set(key, kinds);
      }
      // The record is fresh (the parser made it, nobody else holds it): it becomes the network's node.
      node.kinds = kinds;
      node.index = nodes.length;
      nodes.push(node);
      nodeById.set(node.id, node);
      origins.add(record);
    });
  }
  return { nodes, nodeById, invalidIds: new Set(failedIds.filter((id) => !nodeById.has(id))) };
}

/**
 * Above this many nodes a link's pair key (below) would not be an exact number; no network that fits in
 * memory comes near it.
 */
const MAX_NODES = Math.floor(Math.sqrt(Number.MAX_SAFE_INTEGER / MODES.length));

/**
 * The rule "one link per pair of nodes and mode": positions (among the accepted links) of the links that
 * repeat an earlier one's unordered pair of end nodes and mode, each with the position of that earlier one.
 * `keys[l]` numbers link l's pair and mode; sorting a copy finds whether any key repeats without a map of
 * every link, and only repeated keys are then looked up.
 */
function repeatedPairs(keys: Float64Array): Map<number, number> {
  const sorted = keys.slice().sort();
  const repeated = new Set<number>();
  for (let k = 1; k < sorted.length; k++) if (sorted[k] === sorted[k - 1]) repeated.add(sorted[k] as number);
  const firstOfKey = new Map<number, number>();
  const firstOf = new Map<number, number>();
  if (repeated.size === 0) return firstOf;
  keys.forEach((key, position) => {
    if (!repeated.has(key)) return;
    const first = firstOfKey.get(key);
    if (first === undefined) firstOfKey.set(key, position);
    else firstOf.set(position, first);
  });
  return firstOf;
}

interface LinkRecords {
  links: LinkInput[];
  ends: Int32Array;
}

function readLinks(
  files: readonly RecordFile[],
  { nodeById, invalidIds, nodes }: NodeRecords,
  seas: Map<string, SeaRecord>,
  problems: string[],
): LinkRecords {
  const n = nodes.length;
  if (n > MAX_NODES) {
    problems.push(
      `network: ${n} nodes is more than the ${MAX_NODES} this loader can check for duplicate links`,
    );
    return { links: [], ends: new Int32Array(0) };
  }
  const modeIndex = new Map<string, number>(MODES.map((mode, i) => [mode, i]));
  let count = 0;
  for (const file of files) if (Array.isArray(file.records)) count += file.records.length;
  const links: LinkInput[] = [];
  const ends = new Int32Array(2 * count);
  const keys = new Float64Array(count);
  const origins = new Origins(files);
  // Link problems are tagged with their record's number across files and listed once the duplicates are
  // known, so that they come in record order as every other problem does.
  const linkProblems: { record: number; text: string }[] = [];
  // One record's problems, moved to linkProblems after each record that has any.
  const found: string[] = [];
  let record = -1;
  const unknownEnd = (end: 'from' | 'to', id: string, where: string) =>
    invalidIds.has(id)
      ? `${where}.${end}: "${id}" is a node whose record is invalid (see its problem)`
      : `${where}.${end}: "${id}" is not a known node`;
  for (const file of files) {
    const records = recordsOf(file, problems) ?? [];
    for (let index = 0; index < records.length; index++) {
      record++;
      const raw = records[index];
      const link = parseRecord(RECORD_PARSERS.link, file, index, raw, found);
      const from = link && nodeById.get(link.from);
      const to = link && nodeById.get(link.to);
      const knownSea = link?.sea === undefined || seas.has(link.sea);
      if (link && (!from || !to || !knownSea)) {
        const where = placeOf(file, index, raw);
        if (!from) found.push(unknownEnd('from', link.from, where));
        if (!to) found.push(unknownEnd('to', link.to, where));
        if (!knownSea)
          found.push(
            `${where}.sea: "${link.sea}" is not a sea in seas.json (known: ${[...seas.keys()].join(', ')})`,
          );
      } else if (link && from && to) {
        const position = links.length;
        const gc = greatCircleKm(from.lat, from.lon, to.lat, to.lon);
        if (link.distanceKm < gc) {
          found.push(
            `${placeOf(file, index, raw)}.distanceKm: ${link.distanceKm} km is less than the great-circle distance ${gc.toFixed(1)} km between ${from.id} and ${to.id}`,
          );
        }
        const low = Math.min(from.index, to.index);
        const high = Math.max(from.index, to.index);
        keys[position] = (low * n + high) * MODES.length + (modeIndex.get(link.mode) as number);
        ends[2 * position] = from.index;
        ends[2 * position + 1] = to.index;
        links.push(link);
        origins.add(record);
      }
      if (found.length > 0) {
        for (const text of found) linkProblems.push({ record, text });
        found.length = 0;
      }
    }
  }
  const repeats = repeatedPairs(keys.subarray(0, links.length));
  for (const [position, first] of repeats) {
    const link = links[position] as LinkInput;
    linkProblems.push({
      record: origins.record(position),
      text: `${origins.placeOf(position)}: duplicate ${link.mode} link between ${link.from} and ${link.to} (first at ${origins.placeOf(first)})`,
    });
  }
  // A stable sort: a link's distance problem stays before its duplicate problem.
  linkProblems.sort((a, b) => a.record - b.record);
  for (const { text } of linkProblems) problems.push(text);
  // Every record passed when the network is accepted, so nothing is cut off then.
  return { links, ends: ends.subarray(0, 2 * links.length) };
}

/**
 * Validates every record and every cross-record rule of a raw network.
 * @returns the valid records, numbered as the network will number them.
 * @throws NetworkDataError listing every problem found, each naming file, record and field.
 */
export function validateRecords(raw: RawNetwork): ValidRecords {
  const problems: string[] = [];
  const seas = readSeas(raw.seas, problems);
  const nodeRecords = readNodes(raw.nodes, problems);
  const parameters = readParameters(raw.parameters, problems);
  const { links, ends } = readLinks(raw.links, nodeRecords, seas, problems);
  if (problems.length > 0 || !parameters) throw new NetworkDataError(problems);
  const { nodes, nodeById } = nodeRecords;
  for (const node of nodes) {
    node.dwell = nodeDwellHours(node, parameters);
    node.transfer = nodeTransferHours(node, parameters);
  }
  return { seas, parameters, nodes, nodeById, links, ends };
}
