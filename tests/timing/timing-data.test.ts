/**
 * The optional timing files (timetables.json, seasons.json, dwell.json): the embedded network has them with
 * sources, and a broken one stops the load (and the server) with a message naming file, record and field.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNetwork, NetworkDataError } from '../../src/domain/index.js';
import { runServerToExit } from '../helpers/spawn-server.js';
import { FIXTURE_DIR } from '../helpers/test-app.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture network with the given timing files added. */
function withFiles(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'timing-network-'));
  dirs.push(dir);
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    loadNetwork(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(NetworkDataError);
    return (error as NetworkDataError).problems;
  }
  throw new Error('the network loaded');
}

describe('timing files', () => {
  it('the embedded network carries timetables, seasons and dwell records, each with a source', () => {
    const network = loadNetwork('graph-data');
    const timing = network.timing;
    expect(timing).toBeDefined();
    if (!timing) return;
    expect(timing.timetables.get('GE_POTI--RO_CONSTANTA--ferry')?.[0]?.weekly).toEqual([
      { day: 'Fri', time: '12:00' },
    ]);
    expect(timing.seasonsByPort.get('KZ_KURYK')?.closedShare[10]).toBe(0.5);
    expect(timing.seasonsByPort.get('KZ_KURYK')?.closedShare[11]).toBe(0.5);
    const dostyk = timing.dwellByNode.get('KZ_DOSTYK') ?? [];
    expect(dostyk.map((r) => [r.from.slice(0, 4), r.p50])).toEqual([
      ['2019', 46.5],
      ['2022', 79.5],
      ['2024', 60],
    ]);
    const all = [
      ...[...timing.timetables.values()].flat(),
      ...timing.seasonsByPort.values(),
      ...timing.seasonsBySea.values(),
    ];
    for (const r of [...all, ...[...timing.dwellByNode.values()].flat()])
      expect(r.source.length).toBeGreaterThan(20);
  });

  it('refuses an unknown link id, naming file, record and field', () => {
    const dir = withFiles({
      'timetables.json': [
        { link: 'KZ_AKTUA--AZ_ALAT--ferry', headwayHours: 84, source: 'x', asOf: '2024-01-01' },
      ],
    });
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(/timetables\.json\[0\]\.link: "KZ_AKTUA--AZ_ALAT--ferry" is not a known link id/),
    ]);
  });

  it('refuses two timetables of one link from the same day, naming file, record and field', () => {
    const record = { link: 'KZ_AKTAU--AZ_ALAT--ferry', headwayHours: 84, source: 'x', asOf: '2024-01-01' };
    const dir = withFiles({
      'timetables.json': [
        record,
        { ...record, from: '2021-03-08' },
        { ...record, from: '2021-03-08', headwayHours: 48 },
        { ...record, headwayHours: 24 },
      ],
    });
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(
        /timetables\.json\[2\][^:]*\.from: "KZ_AKTAU--AZ_ALAT--ferry" already has a timetable from 2021-03-08/,
      ),
      expect.stringMatching(
        /timetables\.json\[3\][^:]*\.from: "KZ_AKTAU--AZ_ALAT--ferry" already has a timetable from the start/,
      ),
    ]);
  });

  it('refuses a timetable from a day that is not a date', () => {
    const dir = withFiles({
      'timetables.json': [
        {
          link: 'KZ_AKTAU--AZ_ALAT--ferry',
          from: '8 March 2021',
          headwayHours: 84,
          source: 'x',
          asOf: '2024-01-01',
        },
      ],
    });
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/timetables\.json\[0\][^:]*\.from: /)]);
  });

  it('refuses unknown nodes and seas, bad shares and unordered quantiles', () => {
    const dir = withFiles({
      'seasons.json': [
        {
          port: 'KZ_NOWHERE',
          closedShare: Array(12).fill(0.1),
          episodeDays: 2,
          source: 'x',
          asOf: '2024-01-01',
        },
        { sea: 'red-sea', closedShare: Array(12).fill(0.1), episodeDays: 2, source: 'x', asOf: '2024-01-01' },
        { sea: 'caspian', closedShare: [0.1, 0.2], episodeDays: 2, source: 'x', asOf: '2024-01-01' },
      ],
      'dwell.json': {
        defaultSpread: { p10Factor: 0.5, p90Factor: 2, source: 'x' },
        records: [
          {
            node: 'KZ_AKTAU',
            from: '2024-01-01',
            to: '2024-12-31',
            p10: 50,
            p50: 40,
            p90: 90,
            source: 'x',
            asOf: '2024-01-01',
          },
        ],
      },
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(
      expect.stringMatching(/seasons\.json\[0\]\.port: "KZ_NOWHERE" is not a known node/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/seasons\.json\[1\]\.sea: "red-sea" is not a seas\.json id/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/seasons\.json\[2\]\.closedShare: must list 12 monthly shares/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /dwell\.json\.records\[0\] \(2024-01-01 → 2024-12-31\)\.p50: must satisfy p10 <= p50 <= p90/,
      ),
    );
  });

  it('refuses handling records on unknown nodes, on nodes that handle nothing, and unordered ones', () => {
    const dir = withFiles({
      'dwell.json': {
        defaultSpread: { p10Factor: 0.5, p90Factor: 2, source: 'x' },
        records: [],
        handling: [
          { node: 'KZ_AKTUA', p10: 12, p50: 24, p90: 48, source: 'x', asOf: '2024-01-01' },
          { node: 'KZ_AKTAU', p10: 30, p50: 24, p90: 48, source: 'x', asOf: '2024-01-01' },
          { node: 'KZ_AKTAU', p10: 12, p50: 24, p90: 48, source: 'x', asOf: '2024-01-01' },
          { node: 'KZ_AKTAU', p10: 12, p50: 24, p90: 48, source: 'x', asOf: '2024-01-01' },
          { node: 'KZ_AKTAU', p10: 12, p50: 24, p90: 48, asOf: '2024-01-01' },
          { node: 'CN_XIAN', p10: 12, p50: 24, p90: 48, source: 'x', asOf: '2024-01-01' },
        ],
      },
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(
      expect.stringMatching(/dwell\.json\.handling\[0\][^:]*\.node: "KZ_AKTUA" is not a known node/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/dwell\.json\.handling\[1\][^:]*\.p50: must satisfy p10 <= p50 <= p90/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /dwell\.json\.handling\[3\][^:]*\.node: "KZ_AKTAU" already has a handling record/,
      ),
    );
    expect(problems).toContainEqual(expect.stringMatching(/dwell\.json\.handling\[4\][^:]*\.source/));
    expect(problems).toContainEqual(
      expect.stringMatching(/dwell\.json\.handling\[5\][^:]*\.node: "CN_XIAN" is neither a port/),
    );
  });

  it('the server does not start on a broken timing file and says where', async () => {
    const dir = withFiles({
      'timetables.json': [
        {
          link: 'KZ_AKTAU--AZ_ALAT--ferry',
          weekly: [{ day: 'Mon', time: '25:00' }],
          source: 'x',
          asOf: '2024-01-01',
        },
      ],
    });
    const exit = await runServerToExit({ GRAPH_DATA_DIR: dir });
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toMatch(/timetables\.json\[0\]\.weekly\[0\]\.time: must be a time of day HH:MM/);
  });
});
