/**
 * The command-line planner's advisories, network date and disruptions options, spawned as a user runs it:
 * advisories printed per route, --avoid-advisories and --network-date as on /routes, a disruptions file
 * honoured unless --ignore-disruptions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';
import { FIXTURE_DIR } from '../helpers/test-app.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnCli(args, { GRAPH_DATA_DIR: '' });

const countriesLine = (stdout: string) => stdout.split('\n').find((l) => l.startsWith('Countries:')) ?? '';

describe('eurasia-freight-routes route, advisories and the network date', () => {
  it('prints the advisories a route touches, and keeps clear of the kinds asked', () => {
    const plain = cli('route', 'GE_BATUMI', 'PL_PRZEMYSL');
    expect(plain.code, plain.stderr).toBe(0);
    expect(countriesLine(plain.stdout)).toContain('UA');
    expect(plain.stdout).toMatch(/⚠ war-risk at UA: .+\(as of \d{4}-\d{2}-\d{2}; https:\/\//);
    const clear = cli('route', 'GE_BATUMI', 'PL_PRZEMYSL', '--avoid-advisories', 'war-risk');
    expect(clear.code, clear.stderr).toBe(0);
    expect(countriesLine(clear.stdout)).not.toContain('UA');
    expect(clear.stdout).toContain('clear of war-risk advisories');
  });

  it('routes on the network of the day given, and refuses a day that does not exist', () => {
    const json = cli(
      'route',
      'Xian',
      'Duisburg',
      '--network-date',
      '2031-05-01',
      '--json',
      '--data',
      FIXTURE_DIR,
    );
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).networkDate).toBe('2031-05-01');
    const bad = cli('route', 'Xian', 'Duisburg', '--network-date', '2030-02-30', '--data', FIXTURE_DIR);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--network-date');
  });
});

describe('eurasia-freight-routes route --disruptions', () => {
  const file = join(dir, 'disruptions.json');
  writeFileSync(
    file,
    JSON.stringify([
      {
        id: 'tmb-storm',
        version: 1,
        status: 'active',
        target: { kind: 'node', id: 'TM_TURKMENBASHI' },
        effect: 'closed',
        startsAt: '2020-01-01T00:00:00Z',
        endsAt: null,
        reason: 'storm, port closed',
        source: 'https://example.org/notice',
        createdAt: '2020-01-01T00:00:00Z',
      },
    ]),
  );
  const base = ['route', 'Xian', 'Duisburg', '--avoid', 'RU,BY', '--data', FIXTURE_DIR];

  it('plans round a closure from the file and says so; --ignore-disruptions plans on the static network', () => {
    const closed = cli(...base, '--disruptions', file);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toContain(
      'Closed: node TM_TURKMENBASHI (disruption tmb-storm: storm, port closed), avoided',
    );
    expect(countriesLine(closed.stdout)).not.toContain('TM');
    const ignored = cli(...base, '--disruptions', file, '--ignore-disruptions');
    expect(ignored.code, ignored.stderr).toBe(0);
    expect(countriesLine(ignored.stdout)).toContain('TM');
    expect(ignored.stdout).not.toContain('Closed:');
  });

  it('refuses a file that is not a list of disruptions, naming the record and field', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'x', version: 1, target: { kind: 'port', id: 'A' } }]));
    const res = cli(...base, '--disruptions', bad);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--disruptions: .*bad\.json\[0\]\.target\.kind/);
  });
});
