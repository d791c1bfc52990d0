/** The real server applies the protection configured in its environment (buildApp alone does not rate-limit). */
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../helpers/spawn-server.js';
import { FIXTURE_DIR } from '../helpers/test-app.js';

let server: RunningServer | undefined;
afterAll(() => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
});

describe('the configured server', () => {
  it('rate-limits by RATE_LIMIT_MAX, allows CORS_ORIGIN, returns request ids, and stops on SIGTERM', async () => {
    server = await startServer({
      GRAPH_DATA_DIR: FIXTURE_DIR,
      RATE_LIMIT_MAX: '2',
      CORS_ORIGIN: 'https://planner.example',
    });
    const headers = { origin: 'https://planner.example', 'x-request-id': 'wiring-1' };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.url}/countries`, { headers })).status);
    expect(statuses).toEqual([200, 200, 429]);

    const limited = await fetch(`${server.url}/countries`, { headers });
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { code: string }).code).toBe('RATE_LIMITED');
    expect(limited.headers.get('access-control-allow-origin')).toBe('https://planner.example');
    expect(limited.headers.get('x-request-id')).toBe('wiring-1');

    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });
});
