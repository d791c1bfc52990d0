/**
 * Loads a network directory (graph-data/ layout: seas.json, nodes/*.json, links/*.json, parameters.json, and the
 * optional advisories.json and timing files timetables.json, seasons.json, dwell.json and block-trains.json),
 * parses every file, and hands the records to createNetwork for validation. Any unreadable or invalid file
 * stops the load with a message naming it; nothing half-loaded is ever returned.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NetworkDataError } from '../errors.js';
import { createNetwork, type RecordFile } from './create-network.js';
import { invalidUtf8Position, MAX_DATA_FILE_BYTES } from './data-bytes.js';
import type { Network } from './network.js';
import { type TimingFiles, validateTimingRecords } from './timing-records.js';

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** `:line:column` of a JSON.parse error (from the position V8 reports), or nothing when it gives none. */
function jsonErrorPlace(text: string, error: Error): string {
  const match = /at position (\d+)/.exec(error.message);
  if (!match) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `:${line}:${column}`;
}

/** How a network directory is read. */
export interface LoadNetworkOptions {
  /** Largest file read, in bytes; a larger one is refused before it is read (MAX_DATA_FILE_BYTES). */
  maxFileBytes?: number;
}

/**
 * Reads and validates the network in `dir`.
 * @throws NetworkDataError naming file, record and field of every problem.
 */
export function loadNetwork(
  dir: string,
  { maxFileBytes = MAX_DATA_FILE_BYTES }: LoadNetworkOptions = {},
): Network {
  const problems: string[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new NetworkDataError([
      `${displayPath(dir)}: not a directory (set GRAPH_DATA_DIR to a network directory)`,
    ]);
  }
  const hash = createHash('sha256');

  const readJson = (path: string): RecordFile => {
    const file = displayPath(path);
    let bytes: Buffer;
    try {
      const size = statSync(path).size;
      if (size > maxFileBytes) {
        problems.push(`${file}: is ${size} bytes, more than the ${maxFileBytes} a data file may have`);
        return { file, records: [] };
      }
      bytes = readFileSync(path);
    } catch (error) {
      problems.push(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return { file, records: [] };
    }
    const bad = invalidUtf8Position(bytes);
    if (bad) {
      const byte = (bytes[bad.offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
      problems.push(
        `${file}:${bad.line}:${bad.column}: is not valid UTF-8 (byte 0x${byte} at offset ${bad.offset})`,
      );
      return { file, records: [] };
    }
    const text = bytes.toString('utf8');
    // The same bytes as one update of `name\0text\0`, without building that string.
    hash.update(`${relative(dir, path)}\0`);
    hash.update(text);
    hash.update('\0');
    try {
      return { file, records: JSON.parse(text) };
    } catch (error) {
      problems.push(
        `${file}${jsonErrorPlace(text, error as Error)}: is not valid JSON (${(error as Error).message})`,
      );
      return { file, records: [] };
    }
  };

  const readFolder = (name: string): RecordFile[] => {
    const folder = join(dir, name);
    if (!existsSync(folder)) {
      problems.push(`${displayPath(folder)}: missing folder (expected ${name}/*.json)`);
      return [];
    }
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .sort();
    if (files.length === 0) problems.push(`${displayPath(folder)}: no .json files`);
    return files.map((f) => readJson(join(folder, f)));
  };

  const required = (name: string): RecordFile => {
    const path = join(dir, name);
    if (!existsSync(path)) {
      problems.push(`${displayPath(path)}: missing file`);
      return { file: displayPath(path), records: undefined };
    }
    return readJson(path);
  };

  const seas = required('seas.json');
  const parameters = required('parameters.json');
  const nodes = readFolder('nodes');
  const links = readFolder('links');
  // Optional files: a network brought without advisories has none; one without the timing files is timed
  // from its sailings per week and fixed dwell.
  const optional = (name: string) => (existsSync(join(dir, name)) ? readJson(join(dir, name)) : undefined);
  const advisories = optional('advisories.json');
  const timing: TimingFiles = {};
  const timetables = optional('timetables.json');
  const seasons = optional('seasons.json');
  const dwell = optional('dwell.json');
  const blockTrains = optional('block-trains.json');
  if (timetables) timing.timetables = timetables;
  if (seasons) timing.seasons = seasons;
  if (dwell) timing.dwell = dwell;
  if (blockTrains) timing.blockTrains = blockTrains;
  if (problems.length > 0) throw new NetworkDataError(problems);

  const network = createNetwork({
    seas: [seas],
    nodes,
    links,
    parameters,
    ...(advisories ? { advisories } : {}),
    dataVersion: `sha256:${hash.digest('hex')}`,
  });
  if (timetables || seasons || dwell) network.timing = validateTimingRecords(timing, network);
  return network;
}
