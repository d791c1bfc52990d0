/**
 * The command-line planner over the fixture network. Its commands run in-process through runCli (what the bin
 * calls, with captured output); one test spawns the bin as a user runs it, to check the wiring of exit code and
 * streams.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { buildTestApp, FIXTURE_DIR } from '../helpers/test-app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the CLI in this process; returns its exit code and what it wrote. */
function cli(...args: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = runCli(args, {
    out: (text) => {
      out.stdout += text;
    },
    err: (text) => {
      out.stderr += text;
    },
    env: { ...process.env, GRAPH_DATA_DIR: '' },
  });
  return { code, ...out };
}

type App = Awaited<ReturnType<typeof buildTestApp>>;
let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

describe('eurasia-freight-routes route', () => {
  it('prints a leg table with the ferry legs marked and the totals', async () => {
    const plan = (await app.inject('/routes?origin=Xian&destination=Duisburg&avoid=RU,BY')).json() as {
      routes: { distanceKm: number; legs: { mode: string; sea?: string; from: { name: string } }[] }[];
    };
    const best = plan.routes[0];
    if (!best) throw new Error('no route');
    const { code, stdout, stderr } = cli(
      'route',
      'Xian',
      'Duisburg',
      '--avoid',
      'RU,BY',
      '--data',
      FIXTURE_DIR,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Xi'an International Port \(CN_XIAN\) → Duisburg Intermodal \(DE_DUISBURG\)\n/);
    expect(stdout).toContain('avoiding BY, RU');
    const rows = stdout.split('\n').filter((line) => /^\s{0,2}\d+ {2}/.test(line));
    expect(rows).toHaveLength(best.legs.length);
    best.legs.forEach((leg, i) => {
      expect(rows[i]).toContain(leg.from.name.slice(0, 20));
      if (leg.mode === 'ferry') expect(rows[i]).toContain(`FERRY ${leg.sea}`);
    });
    const total = stdout.split('\n').find((line) => line.includes('Total,'));
    expect(total).toContain(`Total, ${best.legs.length} legs`);
    expect(total).toContain(best.distanceKm.toLocaleString('en-GB', { minimumFractionDigits: 1 }));
    for (const sea of new Set(best.legs.flatMap((l) => (l.sea ? [l.sea] : [])))) {
      expect(stdout).toContain(`⛴ ${sea}:`);
    }
  });

  it('--json prints the body GET /routes answers', async () => {
    const api = (
      await app.inject(
        '/routes?origin=Xian&destination=Duisburg&avoid=RU&avoid=BY&alternatives=1&optimize=time',
      )
    ).json();
    const { code, stdout } = cli(
      'route',
      'Xian',
      'Duisburg',
      '--avoid',
      'RU',
      '--avoid',
      'BY',
      '--alternatives',
      '1',
      '--optimize',
      'time',
      '--json',
      '--data',
      FIXTURE_DIR,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(api);
  });

  it('exits 1 for an unknown place, naming it and the closest match', () => {
    const { code, stdout, stderr } = cli('route', 'Constansa', 'Duisburg', '--data', FIXTURE_DIR);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('UNKNOWN_PLACE');
    expect(stderr).toContain('origin: no place in the network matches "Constansa"');
    expect(stderr).toContain('RO_CONSTANTA');
  });

  it('exits 1 with the relaxations when no route exists', () => {
    const { code, stderr } = cli(
      'route',
      'Xian',
      'Duisburg',
      '--avoid',
      'RU,BY,GE,TR,IR',
      '--data',
      FIXTURE_DIR,
    );
    expect(code).toBe(1);
    expect(stderr).toContain('NO_ROUTE');
    expect(stderr).toContain('a route exists when allowing');
  });

  it('exits 2 for bad usage: a value over its cap, an unknown option, a missing destination', () => {
    const over = cli('route', 'Xian', 'Duisburg', '--alternatives', '9', '--data', FIXTURE_DIR);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('--alternatives');
    const unknown = cli('route', 'Xian', 'Duisburg', '--avoids', 'RU');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--avoids');
    expect(cli('route', 'Xian').code).toBe(2);
  });

  it('exits 2 for a number not written in decimal digits, naming the option', () => {
    for (const value of ['0x5', '1e0', '']) {
      const result = cli('route', 'Xian', 'Duisburg', '--alternatives', value, '--data', FIXTURE_DIR);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--alternatives');
    }
  });

  it('--emissions iso14083 prints the ISO 14083 totals, and --json carries the same account as GET /routes', async () => {
    const text = cli('route', 'Aktau', 'Poti', '--emissions', 'iso14083');
    expect(text.code).toBe(0);
    const json = cli('route', 'Aktau', 'Poti', '--emissions', 'iso14083', '--json');
    expect(json.code).toBe(0);
    const emissions = JSON.parse(json.stdout).routes[0].emissions;
    expect(emissions.standard).toBe('ISO 14083:2023');
    expect(text.stdout).toContain(`ISO 14083:2023: ${emissions.total.wtw.toFixed(2)} kg CO2e WTW`);
    const bad = cli('route', 'Aktau', 'Poti', '--emissions', 'glec');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--emissions');
  });

  it('as a spawned command: writes to its streams and exits with the code runCli returns', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, GRAPH_DATA_DIR: '' },
      });
    const ok = run('route', 'Xian', 'Duisburg', '--avoid', 'RU,BY', '--data', FIXTURE_DIR);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(
      cli('route', 'Xian', 'Duisburg', '--avoid', 'RU,BY', '--data', FIXTURE_DIR).stdout,
    );
    const bad = run('route', 'Xian');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('give an origin and a destination');
  });

  it('--help prints the usage and exits 0', () => {
    const { code, stdout } = cli('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage:');
    expect(stdout).toContain('--avoid-seas');
  });
});
