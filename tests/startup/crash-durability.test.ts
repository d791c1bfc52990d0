/**
 * Nothing acknowledged is lost: the real server (SQLite store) takes a stream of writes, is killed with
 * SIGKILL in the middle of it, and is started again on the same file. Every write answered 201 is there as
 * it was answered, and nothing is half-applied: each stored disruption has its history row and the state
 * version counts every commit.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/state/index.js';
import { ROOT } from '../helpers/spawn-server.js';

const dir = mkdtempSync(join(tmpdir(), 'efr-crash-'));
const path = join(dir, 'state.sqlite');
const env = {
  DATABASE_URL: `sqlite:${path}`,
  WRITE_RATE_LIMIT_MAX: '0',
  RATE_LIMIT_MAX: '0',
  ROUTE_WORKERS: '0',
  LOG_LEVEL: 'warn',
};
interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
let server: Server | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the real server on a known port and waits (bounded) until /health answers. */
async function startServer(variables: Record<string, string>, timeoutMs: number): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...variables, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited before listening:\n${stderr}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, url, exited };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not answer /health in time:\n${stderr}`);
}

afterAll(async () => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('a server killed mid-stream', () => {
  it('keeps every acknowledged write and half-applies none', { timeout: 500_000 }, async () => {
    const setup = await openStateStore({ engine: 'sqlite', path });
    const { key } = await setup.keys.create('stream', ['disruptions:write']);
    await setup.close();

    server = await startServer(env, 200_000);
    const acknowledged = new Map<string, Record<string, unknown>>();
    let sent = 0;
    let failed = 0;
    const killAfter = 40;
    let killed = false;
    const url = server.url;
    const writer = async (lane: number) => {
      // Bounded: at most 500 writes per lane, and each stops once the server is gone.
      for (let i = 0; i < 500 && !killed; i++) {
        sent++;
        try {
          const response = await fetch(`${url}/disruptions`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/json',
              'idempotency-key': `lane${lane}-${i}`,
            },
            body: JSON.stringify({
              target: { kind: 'node', id: 'KZ_AKTAU' },
              effect: 'delay',
              extraHours: lane * 1000 + i + 1,
              startsAt: '2026-12-01T06:00:00Z',
              reason: `write ${lane}-${i}`,
              source: 'https://example.org/stream',
            }),
          });
          if (response.status === 201) {
            const body = (await response.json()) as Record<string, unknown>;
            acknowledged.set(String(body.id), body);
            if (acknowledged.size >= killAfter && !killed) {
              killed = true;
              server?.child.kill('SIGKILL');
            }
          } else failed++;
        } catch {
          failed++;
          return;
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    const exit = await server.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(killAfter);

    server = await startServer(env, 200_000);
    const listed = (await (await fetch(`${server.url}/disruptions?limit=1000`)).json()) as {
      disruptions: (Record<string, unknown> & { id: string })[];
      total: number;
    };
    const stored = new Map(listed.disruptions.map((d) => [d.id, d]));
    for (const [id, body] of acknowledged) {
      expect(stored.get(id), `acknowledged ${id}`).toBeDefined();
      const { status: _s, ...was } = body;
      const { status: _t, ...now } = stored.get(id) as Record<string, unknown>;
      expect(now).toEqual(was);
    }
    // At most the writes in flight at the kill were committed without an answer reaching the client.
    expect(listed.total - acknowledged.size).toBeLessThanOrEqual(4);
    server.child.kill('SIGTERM');
    await server.exited;
    server = undefined;

    const check = await openStateStore({ engine: 'sqlite', path });
    try {
      for (const d of listed.disruptions) {
        const history = await check.disruptions.history(d.id);
        expect(history.map((h) => h.version)).toEqual([1]);
        expect(history[0]?.disruption.reason).toBe(d.reason);
      }
      // Version 1 is the empty store; each committed write added one.
      expect(await check.version()).toBe(1 + listed.total);
    } finally {
      await check.close();
    }
    process.stdout.write(
      `crash test: ${sent} sent, ${acknowledged.size} acknowledged, ${listed.total} stored, ${failed} cut off\n`,
    );
  });
});
