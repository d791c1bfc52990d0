/** The command-line planner with a departure date: the arrival range, the deadline and the dated legs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';
import { buildTestApp, FIXTURE_DIR } from '../helpers/test-app.js';

const cli = (...args: string[]) => spawnCli(args, { GRAPH_DATA_DIR: '' });

let app: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

describe('eurasia-freight-routes route --depart', () => {
  it('prints the arrival range and the on-time share that GET /routes gives', async () => {
    const query = 'origin=Xian&destination=Duisburg&avoid=RU,BY&departAt=2026-12-05&arriveBy=2027-01-10';
    const route = (await app.inject(`/routes?${query}`)).json().routes[0];
    const args = ['route', 'Xian', 'Duisburg', '--avoid', 'RU,BY', '--data', FIXTURE_DIR];
    const { code, stdout, stderr } = cli(...args, '--depart', '2026-12-05', '--arrive-by', '2027-01-10');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Leaving 2026-12-05 00:00 UTC · due by 2027-01-10 00:00 UTC');
    expect(stdout).toContain(`Arrives ${when(route.arrival.p50)} (median)`);
    expect(stdout).toContain(`range ${when(route.arrival.p10)} to ${when(route.arrival.p90)}`);
    expect(stdout).toContain(
      `On time by 2027-01-10 00:00 UTC: ${Math.round(route.onTimeProbability * 100)} %`,
    );
    expect(stdout).toContain('leaves (median)');
    const json = JSON.parse(
      cli(...args, '--depart', '2026-12-05', '--arrive-by', '2027-01-10', '--json').stdout,
    );
    expect(json.routes[0].arrival).toEqual(route.arrival);
  });

  it('names --depart when the value has no offset', () => {
    const { code, stderr } = cli(
      'route',
      'Xian',
      'Duisburg',
      '--data',
      FIXTURE_DIR,
      '--depart',
      '2026-12-05T08:00',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/--depart: must be an ISO 8601 date-time with an offset/);
  });
});
