/**
 * SIGTERM under load, against the real server: `requests` uncached /routes requests, each on a keep-alive
 * connection of its own (most still in the accept queue when the signal comes, as the event loop is busy
 * planning the first), plus idle keep-alive connections that were answered before; SIGTERM `delayMs` after the
 * requests were written. Every request sent gets a complete answer (200, or 503 with Retry-After, and
 * Connection: close if it comes from the drain), no socket is reset, idle connections are closed cleanly and
 * the process exits 0.
 */

import { startServer } from '../helpers/spawn-server.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';
import { getRequest, headerOf, RawClient, type RawOutcome } from './raw-http.js';

export interface SigtermRun {
  failures: string[];
  /** Answers by status, resets (ECONNRESET / EPIPE) and cut answers. */
  counts: { ok: number; unavailable: number; other: number; resets: number; cut: number; idleClean: number };
  exitCode: number | null;
  /** From the signal to the exit of the process. */
  exitMs: number;
}

export interface SigtermOptions {
  requests?: number;
  idle?: number;
  delayMs?: number;
}

export const ROUTE_QUERY = '/routes?origin=Xian&destination=Duisburg&avoid=RU,BY&alternatives=2';

export async function sigtermUnderLoad({
  requests = 100,
  idle = 10,
  delayMs = 30,
}: SigtermOptions = {}): Promise<SigtermRun> {
  const server = await startServer(
    {
      GRAPH_DATA_DIR: EMBEDDED_DIR,
      RATE_LIMIT_MAX: '0',
      ROUTE_CACHE_SIZE: '0',
      // Load shedding would answer 503s too (allowed), but the point is the drain's answers.
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    },
    120_000,
  );
  const failures: string[] = [];
  const counts = { ok: 0, unavailable: 0, other: 0, resets: 0, cut: 0, idleClean: 0 };
  try {
    // Idle keep-alive connections: answered once, then left open by the client.
    const idlers = Array.from({ length: idle }, () => new RawClient(server.port, getRequest('/health')));
    await Promise.all(idlers.map((c) => c.responses(1)));

    const clients = Array.from(
      { length: requests },
      () => new RawClient(server.port, getRequest(ROUTE_QUERY)),
    );
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const signalled = performance.now();
    server.child.kill('SIGTERM');

    const check = (outcome: RawOutcome, label: string, expected: number) => {
      if (outcome.error) {
        counts.resets++;
        failures.push(`${label}: ${outcome.error} after ${outcome.responses.length} answer(s)`);
      }
      if (outcome.rest !== '') {
        counts.cut++;
        failures.push(`${label}: an answer was cut off (${outcome.rest.length} bytes)`);
      }
      if (outcome.responses.length !== expected)
        failures.push(`${label}: ${outcome.responses.length} answers, expected ${expected}`);
    };
    const outcomes = await Promise.all(clients.map((c) => c.closed));
    for (const [i, outcome] of outcomes.entries()) {
      check(outcome, `request ${i}`, 1);
      const answer = outcome.responses.at(-1);
      if (!answer) continue;
      if (answer.status === 200) counts.ok++;
      else if (answer.status === 503) {
        counts.unavailable++;
        if (headerOf(answer.headers, 'retry-after') === undefined)
          failures.push(`request ${i}: 503 without Retry-After`);
        if (JSON.parse(answer.body).code !== 'OVERLOADED') failures.push(`request ${i}: 503 ${answer.body}`);
      } else {
        counts.other++;
        failures.push(`request ${i}: ${answer.status} ${answer.body.slice(0, 200)}`);
      }
    }
    for (const [i, idler] of idlers.entries()) {
      const outcome = await idler.closed;
      check(outcome, `idle connection ${i}`, 1);
      if (!outcome.error && outcome.rest === '') counts.idleClean++;
    }
    const exit = await server.exited;
    const exitMs = performance.now() - signalled;
    if (exit.code !== 0) failures.push(`exit code ${exit.code}: ${exit.stderr.slice(-500)}`);
    return { failures, counts, exitCode: exit.code, exitMs };
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
}
