/**
 * The forms of bad graph data the server must refuse to start on, each with what its message must say (file,
 * record and field). Shared by tests/startup/bad-data.test.ts and `npm run chaos` (scripts/chaos.ts): each form
 * copies the fixture network, breaks one thing, and runs the server with GRAPH_DATA_DIR pointing at the copy.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_DIR } from '../helpers/test-app.js';

type Json = Record<string, unknown>;

export interface BadDataForm {
  name: string;
  /** The file changed, relative to the network directory. */
  file: string;
  /** An edit of the parsed records (or object), or of the raw bytes. */
  edit: ((records: Json[]) => void) | { bytes: (raw: Buffer) => Buffer };
  /** What stderr must match (all of them). */
  expect: RegExp[];
  /** What stderr must not contain. */
  forbid?: Array<RegExp | string>;
  /** Longest the refusal may take (ms), where speed is the point. */
  withinMs?: number;
}

const byId = (records: Json[], id: string) => records.find((r) => r.id === id) as Json;
const byEnds = (records: Json[], from: string, to: string) =>
  records.find((r) => r.from === from && r.to === to) as Json;
const text = (edit: (raw: string) => string) => ({
  bytes: (raw: Buffer) => Buffer.from(edit(raw.toString('utf8'))),
});

export const BAD_DATA_FORMS: readonly BadDataForm[] = [
  {
    name: 'bad JSON: names the file, line and column',
    file: 'links/land.json',
    edit: text((raw) => raw.replace('"mode": "rail",', '"mode": "rail",,')),
    expect: [/links\/land\.json:\d+:\d+: is not valid JSON/],
  },
  {
    name: 'a field of the wrong type: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      byId(nodes, 'KZ_AKTAU').lat = '43.6';
    },
    expect: [
      /nodes\/nodes\.json\[\d+\] \(KZ_AKTAU\)\.lat: .*expected number.*"43\.6"/,
      // Links to it are reported as links to an invalid node, not to an unknown one.
      /"KZ_AKTAU" is a node whose record is invalid/,
    ],
    forbid: [/"KZ_AKTAU" is not a known node/],
  },
  {
    name: 'a link to an unknown node: names file, record and field',
    file: 'links/land.json',
    edit: (links) => {
      byEnds(links, 'KZ_DOSTYK', 'KZ_AKTAU').to = 'KZ_NOWHERE';
    },
    expect: [/links\/land\.json\[\d+\] \(KZ_DOSTYK → KZ_NOWHERE\)\.to: "KZ_NOWHERE" is not a known node/],
  },
  {
    name: 'a link from an unknown node: names file, record and field',
    file: 'links/land.json',
    edit: (links) => {
      byEnds(links, 'CN_XIAN', 'CN_ALASHANKOU').from = 'CN_NOWHERE';
    },
    expect: [/links\/land\.json\[0\] \(CN_NOWHERE → CN_ALASHANKOU\)\.from: "CN_NOWHERE" is not a known node/],
  },
  {
    name: 'a duplicate node id: names both records',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      nodes.push({ ...byId(nodes, 'GE_POTI'), name: 'Poti again' });
    },
    expect: [
      /nodes\/nodes\.json\[\d+\] \(GE_POTI\)\.id: duplicate node id "GE_POTI" \(first defined at .*nodes\/nodes\.json\[\d+\] \(GE_POTI\)\)/,
    ],
  },
  {
    name: 'a longitude out of range: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      byId(nodes, 'TR_KARS').lon = 543.2;
    },
    expect: [/nodes\/nodes\.json\[\d+\] \(TR_KARS\)\.lon: .*180.*543\.2/],
  },
  {
    name: 'a latitude out of range: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      byId(nodes, 'TR_KARS').lat = -95;
    },
    expect: [/nodes\/nodes\.json\[\d+\] \(TR_KARS\)\.lat: .*90.*-95/],
  },
  {
    name: 'a coordinate missing: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      delete byId(nodes, 'GE_POTI').lon;
    },
    expect: [/nodes\/nodes\.json\[\d+\] \(GE_POTI\)\.lon: /],
  },
  {
    name: 'a node without an id: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      delete byId(nodes, 'GE_POTI').id;
    },
    expect: [/nodes\/nodes\.json\[\d+\][^\n]*\.id: /],
  },
  {
    name: 'a node without a source: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      delete byId(nodes, 'AZ_ALAT').source;
    },
    expect: [/nodes\/nodes\.json\[\d+\] \(AZ_ALAT\)\.source: /],
  },
  {
    name: 'an unknown country code: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      byId(nodes, 'AZ_ALAT').country = 'XX';
    },
    expect: [/nodes\/nodes\.json\[\d+\] \(AZ_ALAT\)\.country: must be an ISO 3166-1 alpha-2 code/],
  },
  {
    name: 'an unknown node kind: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      byId(nodes, 'AZ_ALAT').kinds = ['port', 'spaceport'];
    },
    expect: [/nodes\/nodes\.json\[\d+\] \(AZ_ALAT\)\.kinds\[1\]: .*spaceport/],
  },
  {
    name: 'an unknown field on a node: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      byId(nodes, 'CN_XIAN').colour = 'red';
    },
    expect: [/nodes\/nodes\.json\[\d+\] \(CN_XIAN\)\.colour: unknown field/],
  },
  {
    name: 'a node file that is not an array: names the file',
    file: 'nodes/nodes.json',
    edit: text((raw) => `{ "nodes": ${raw} }`),
    expect: [/nodes\/nodes\.json: must be a JSON array of records/],
  },
  {
    name: 'a negative distance: names file, record and field',
    file: 'links/land.json',
    edit: (links) => {
      byEnds(links, 'CN_ALASHANKOU', 'KZ_DOSTYK').distanceKm = -15;
    },
    expect: [/links\/land\.json\[\d+\] \(CN_ALASHANKOU → KZ_DOSTYK\)\.distanceKm: .*-15/],
  },
  {
    name: 'a distance shorter than the great circle: names file, record and field',
    file: 'links/land.json',
    edit: (links) => {
      byEnds(links, 'CN_XIAN', 'CN_ALASHANKOU').distanceKm = 1000;
    },
    expect: [
      /links\/land\.json\[0\] \(CN_XIAN → CN_ALASHANKOU\)\.distanceKm: 1000 km is less than the great-circle distance/,
    ],
  },
  {
    name: 'an unknown mode: names file, record and field',
    file: 'links/land.json',
    edit: (links) => {
      byEnds(links, 'CN_XIAN', 'CN_ALASHANKOU').mode = 'teleport';
    },
    expect: [/links\/land\.json\[0\] \(CN_XIAN → CN_ALASHANKOU\)\.mode: .*teleport/],
  },
  {
    name: 'a rail link without a gauge: names file, record and field',
    file: 'links/land.json',
    edit: (links) => {
      delete byEnds(links, 'CN_XIAN', 'CN_ALASHANKOU').gauge;
    },
    expect: [/links\/land\.json\[0\] \(CN_XIAN → CN_ALASHANKOU\)\.gauge: /],
  },
  {
    name: 'a duplicate link: names both records',
    file: 'links/land.json',
    edit: (links) => {
      links.push({ ...byEnds(links, 'CN_XIAN', 'CN_ALASHANKOU') });
    },
    expect: [
      /links\/land\.json\[\d+\] \(CN_XIAN → CN_ALASHANKOU\): duplicate rail link between CN_XIAN and CN_ALASHANKOU \(first at .*links\/land\.json\[0\]/,
    ],
  },
  {
    name: 'a ferry without a sea: names file, record and field',
    file: 'links/ferries.json',
    edit: (links) => {
      delete byEnds(links, 'KZ_AKTAU', 'AZ_ALAT').sea;
    },
    expect: [/links\/ferries\.json\[\d+\] \(KZ_AKTAU → AZ_ALAT\)\.sea: is required for a ferry link/],
  },
  {
    name: 'a ferry on an unknown sea: names file, record and field',
    file: 'links/ferries.json',
    edit: (links) => {
      byEnds(links, 'GE_POTI', 'RO_CONSTANTA').sea = 'north-sea';
    },
    expect: [/links\/ferries\.json\[\d+\] \(GE_POTI → RO_CONSTANTA\)\.sea: "north-sea" is not a sea/],
  },
  {
    name: 'a ferry with negative sailings: names file, record and field',
    file: 'links/ferries.json',
    edit: (links) => {
      byEnds(links, 'KZ_AKTAU', 'AZ_ALAT').sailingsPerWeek = -2;
    },
    expect: [/links\/ferries\.json\[\d+\] \(KZ_AKTAU → AZ_ALAT\)\.sailingsPerWeek: .*-2/],
  },
  {
    name: 'a duplicate sea id: names the record and field',
    file: 'seas.json',
    edit: (seas) => {
      seas.push({ ...byId(seas, 'caspian') });
    },
    expect: [/seas\.json\[3\][^\n]*\.id: duplicate sea id "caspian"/],
  },
  {
    name: 'a parameter of the wrong type: names the file and field',
    file: 'parameters.json',
    edit: (parameters) => {
      ((parameters as unknown as Json).roadSpeedKmh as Json).value = 'fast';
    },
    expect: [/parameters\.json\.roadSpeedKmh\.value: .*expected number/],
  },
  {
    name: 'an invalid UTF-8 byte (0xFF): names file, line, column and offset',
    file: 'nodes/nodes.json',
    edit: {
      bytes: (raw) => {
        const at = raw.indexOf('Aktau Port');
        return Buffer.concat([raw.subarray(0, at + 2), Buffer.from([0xff]), raw.subarray(at + 2)]);
      },
    },
    expect: [/nodes\/nodes\.json:\d+:\d+: is not valid UTF-8 \(byte 0xFF at offset \d+\)/],
  },
  {
    name: 'a name with NUL and an alias with ESC: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      byId(nodes, 'KZ_AKTAU').name = 'Ak\u0000tau';
      byId(nodes, 'AZ_ALAT').aliases = ['\u001b[2JAlyat'];
    },
    expect: [
      /nodes\/nodes\.json\[\d+\] \(KZ_AKTAU\)\.name: must not contain control characters/,
      /\(AZ_ALAT\)\.aliases\[0\]: must not contain control characters/,
    ],
    // The message itself carries no raw escape sequence to the operator's terminal.
    forbid: ['\u001b'],
  },
  {
    name: 'a name over 200 characters: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      byId(nodes, 'KZ_AKTAU').name = 'A'.repeat(201);
    },
    expect: [/nodes\/nodes\.json\[\d+\] \(KZ_AKTAU\)\.name: /],
  },
  {
    name: 'more than 50 aliases: names file, record and field',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      byId(nodes, 'KZ_AKTAU').aliases = Array.from({ length: 51 }, (_, i) => `Aktau ${i}`);
    },
    expect: [/nodes\/nodes\.json\[\d+\] \(KZ_AKTAU\)\.aliases: /],
  },
  {
    name: 'a 50 MB alias: refused by the file size cap within seconds',
    file: 'nodes/nodes.json',
    edit: (nodes) => {
      byId(nodes, 'KZ_AKTAU').aliases = ['A'.repeat(50_000_000)];
    },
    expect: [/nodes\/nodes\.json: is \d+ bytes, more than the 33554432 a data file may have/],
    // Parsing 50 MB and indexing it ran past 60 s without refusing; the cap refuses before reading. The limit
    // leaves room for start-up itself (tsx, loading the modules), which takes 5-20 s on a loaded 2-core machine.
    withinMs: 45_000,
  },
];

/**
 * Runs `task` when fewer than `limit` tasks of this limiter are running: a few servers start at a time, so that
 * 29 of them on a loaded machine each get CPU enough to refuse within their own time limits.
 */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: Array<() => void> = [];
  return async <T>(task: () => Promise<T>) => {
    if (running >= limit) await new Promise<void>((go) => queue.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

/** A copy of the fixture network with one form's fault in it; returns the directory. */
export function brokenCopy(form: Pick<BadDataForm, 'file' | 'edit'>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bad-network-'));
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  const path = join(dir, form.file);
  if (typeof form.edit === 'function') {
    const records = JSON.parse(readFileSync(path, 'utf8')) as Json[];
    form.edit(records);
    writeFileSync(path, JSON.stringify(records, null, 2));
  } else {
    writeFileSync(path, form.edit.bytes(readFileSync(path)));
  }
  return dir;
}

/** What is wrong with a refusal's output for a form (empty: refused as it must be). */
export function refusalProblems(
  form: BadDataForm,
  exit: { code: number | null; stdout: string; stderr: string },
  ms: number,
): string[] {
  const problems: string[] = [];
  if (exit.code === 0 || exit.code === null) problems.push(`exit code ${exit.code}`);
  if (/listening/.test(exit.stdout)) problems.push('it listened');
  if (!/^invalid graph data/m.test(exit.stderr)) problems.push('no "invalid graph data" message');
  if (/\n\s+at /.test(exit.stderr)) problems.push('a stack trace');
  for (const pattern of form.expect) if (!pattern.test(exit.stderr)) problems.push(`stderr lacks ${pattern}`);
  for (const bad of form.forbid ?? []) {
    if (typeof bad === 'string' ? exit.stderr.includes(bad) : bad.test(exit.stderr))
      problems.push(`stderr has ${JSON.stringify(String(bad))}`);
  }
  if (form.withinMs !== undefined && ms > form.withinMs) problems.push(`took ${Math.round(ms)} ms`);
  if (problems.length > 0) problems.push(`stderr: ${exit.stderr.slice(0, 600)}`);
  return problems;
}
