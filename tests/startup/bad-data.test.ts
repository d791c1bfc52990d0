/**
 * The server refuses to start on corrupt or inconsistent graph data: non-zero exit and a message on stderr
 * naming the file, the record and the field. Each case copies the fixture network, breaks one thing, and
 * runs the server (src/server.ts) with GRAPH_DATA_DIR pointing at the copy.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runServerToExit, startServer } from '../helpers/spawn-server.js';
import { FIXTURE_DIR } from '../helpers/test-app.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;

/** A copy of the fixture network with `file` changed by `edit` (on the parsed JSON, or on the raw text). */
function brokenCopy(
  file: string,
  edit: ((records: Json[]) => void) | { text: (raw: string) => string },
): string {
  const dir = mkdtempSync(join(tmpdir(), 'bad-network-'));
  dirs.push(dir);
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  const path = join(dir, file);
  const raw = readFileSync(path, 'utf8');
  if (typeof edit === 'function') {
    const records = JSON.parse(raw) as Json[];
    edit(records);
    writeFileSync(path, JSON.stringify(records, null, 2));
  } else {
    writeFileSync(path, edit.text(raw));
  }
  return dir;
}

const byId = (records: Json[], id: string) => records.find((r) => r.id === id) as Json;
const byEnds = (records: Json[], from: string, to: string) =>
  records.find((r) => r.from === from && r.to === to) as Json;

/** Runs the server on a broken copy and returns its stderr after checking that it refused to start. */
async function refusesToStart(dir: string): Promise<string> {
  const exit = await runServerToExit({ GRAPH_DATA_DIR: dir });
  expect(exit.code, exit.stdout + exit.stderr).not.toBe(0);
  expect(exit.code).not.toBeNull();
  // It never got as far as listening.
  expect(exit.stdout).not.toMatch(/listening/);
  // A data problem is reported as such, not as a crash with a stack trace.
  expect(exit.stderr).toMatch(/^invalid graph data/m);
  expect(exit.stderr).not.toMatch(/\n\s+at /);
  return exit.stderr;
}

describe('the server refuses to start on bad graph data', () => {
  it.concurrent('bad JSON: names the file, line and column', async () => {
    const dir = brokenCopy('links/land.json', {
      text: (raw) => raw.replace('"mode": "rail",', '"mode": "rail",,'),
    });
    const stderr = await refusesToStart(dir);
    expect(stderr).toMatch(/links\/land\.json:\d+:\d+: is not valid JSON/);
  });

  it.concurrent('a field of the wrong type: names file, record and field', async () => {
    const dir = brokenCopy('nodes/nodes.json', (nodes) => {
      byId(nodes, 'KZ_AKTAU').lat = '43.6';
    });
    const stderr = await refusesToStart(dir);
    expect(stderr).toMatch(/nodes\/nodes\.json\[\d+\] \(KZ_AKTAU\)\.lat: .*expected number.*"43\.6"/);
    // Links to it are reported as links to an invalid node, not to an unknown one.
    expect(stderr).not.toMatch(/"KZ_AKTAU" is not a known node/);
    expect(stderr).toMatch(/"KZ_AKTAU" is a node whose record is invalid/);
  });

  it.concurrent('a link to an unknown node: names file, record and field', async () => {
    const dir = brokenCopy('links/land.json', (links) => {
      byEnds(links, 'KZ_DOSTYK', 'KZ_AKTAU').to = 'KZ_NOWHERE';
    });
    const stderr = await refusesToStart(dir);
    expect(stderr).toMatch(
      /links\/land\.json\[\d+\] \(KZ_DOSTYK → KZ_NOWHERE\)\.to: "KZ_NOWHERE" is not a known node/,
    );
  });

  it.concurrent('a duplicate node id: names both records', async () => {
    const dir = brokenCopy('nodes/nodes.json', (nodes) => {
      nodes.push({ ...byId(nodes, 'GE_POTI'), name: 'Poti again' });
    });
    const stderr = await refusesToStart(dir);
    expect(stderr).toMatch(
      /nodes\/nodes\.json\[\d+\] \(GE_POTI\)\.id: duplicate node id "GE_POTI" \(first defined at .*nodes\/nodes\.json\[\d+\] \(GE_POTI\)\)/,
    );
  });

  it.concurrent('coordinates out of range: names file, record and field', async () => {
    const dir = brokenCopy('nodes/nodes.json', (nodes) => {
      byId(nodes, 'TR_KARS').lon = 543.2;
    });
    const stderr = await refusesToStart(dir);
    expect(stderr).toMatch(/nodes\/nodes\.json\[\d+\] \(TR_KARS\)\.lon: .*180.*543\.2/);
  });

  it.concurrent('a negative distance: names file, record and field', async () => {
    const dir = brokenCopy('links/land.json', (links) => {
      byEnds(links, 'CN_ALASHANKOU', 'KZ_DOSTYK').distanceKm = -15;
    });
    const stderr = await refusesToStart(dir);
    expect(stderr).toMatch(/links\/land\.json\[\d+\] \(CN_ALASHANKOU → KZ_DOSTYK\)\.distanceKm: .*-15/);
  });

  it.concurrent('a ferry without a sea: names file, record and field', async () => {
    const dir = brokenCopy('links/ferries.json', (links) => {
      delete byEnds(links, 'KZ_AKTAU', 'AZ_ALAT').sea;
    });
    const stderr = await refusesToStart(dir);
    expect(stderr).toMatch(
      /links\/ferries\.json\[\d+\] \(KZ_AKTAU → AZ_ALAT\)\.sea: is required for a ferry link/,
    );
  });

  it.concurrent('a ferry on an unknown sea: names file, record and field', async () => {
    const dir = brokenCopy('links/ferries.json', (links) => {
      byEnds(links, 'GE_POTI', 'RO_CONSTANTA').sea = 'north-sea';
    });
    const stderr = await refusesToStart(dir);
    expect(stderr).toMatch(
      /links\/ferries\.json\[\d+\] \(GE_POTI → RO_CONSTANTA\)\.sea: "north-sea" is not a sea/,
    );
  });

  it.concurrent('an invalid UTF-8 byte (0xFF): names file, line, column and offset', async () => {
    const dir = brokenCopy('nodes/nodes.json', (nodes) => {
      byId(nodes, 'KZ_AKTAU').name = 'Ak@@FF@@tau';
    });
    const path = join(dir, 'nodes/nodes.json');
    const bytes = readFileSync(path);
    const at = bytes.indexOf('@@FF@@');
    writeFileSync(path, Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at + 6)]));
    const stderr = await refusesToStart(dir);
    expect(stderr).toMatch(/nodes\/nodes\.json:\d+:\d+: is not valid UTF-8 \(byte 0xFF at offset \d+\)/);
  });

  it.concurrent('a name with NUL and an alias with ESC: names file, record and field', async () => {
    const dir = brokenCopy('nodes/nodes.json', (nodes) => {
      byId(nodes, 'KZ_AKTAU').name = 'Ak\u0000tau';
      byId(nodes, 'AZ_ALAT').aliases = ['\u001b[2JAlyat'];
    });
    const stderr = await refusesToStart(dir);
    expect(stderr).toMatch(
      /nodes\/nodes\.json\[\d+\] \(KZ_AKTAU\)\.name: must not contain control characters/,
    );
    expect(stderr).toMatch(/\(AZ_ALAT\)\.aliases\[0\]: must not contain control characters/);
    // The message itself carries no raw escape sequence to the operator's terminal.
    expect(stderr).not.toContain('\u001b');
  });

  it.concurrent('a 50 MB alias: refused by the file size cap within seconds', async () => {
    const dir = brokenCopy('nodes/nodes.json', (nodes) => {
      byId(nodes, 'KZ_AKTAU').aliases = ['A'.repeat(50_000_000)];
    });
    const started = performance.now();
    const stderr = await refusesToStart(dir);
    expect(stderr).toMatch(/nodes\/nodes\.json: is \d+ bytes, more than the 33554432 a data file may have/);
    // Start-up (tsx, the fixture network) takes a few seconds; parsing 50 MB and indexing it took over 60 s.
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it.concurrent('the unbroken copy starts (each case above fails for its fault alone)', async () => {
    const dir = brokenCopy('seas.json', () => {});
    const server = await startServer({ GRAPH_DATA_DIR: dir, LOG_LEVEL: 'info' });
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit.code).toBe(0);
  });
});
