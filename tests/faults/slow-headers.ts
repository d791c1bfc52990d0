/**
 * Slow-header clients against the real server: `clients` connections that trickle a never-ending header one
 * byte at a time must each be ended by a 408 problem within REQUEST_TIMEOUT_MS + 1 s of connecting, while other
 * clients asking meanwhile are answered.
 */
import { startServer } from '../helpers/spawn-server.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';
import { headerOf, RawClient, sleep } from './raw-http.js';

export interface SlowHeadersRun {
  failures: string[];
  /** Slow clients ended by a 408 within the limit. */
  ended408: number;
  /** The slowest 408, from connecting. */
  slowestMs: number;
  /** Requests of other clients answered 200 while the slow ones hung on. */
  othersAnswered: number;
}

export async function slowHeaders({
  clients = 200,
  requestTimeoutMs = 3_000,
  byteEveryMs = 1_000,
}: {
  clients?: number;
  requestTimeoutMs?: number;
  byteEveryMs?: number;
} = {}): Promise<SlowHeadersRun> {
  const server = await startServer(
    { GRAPH_DATA_DIR: EMBEDDED_DIR, RATE_LIMIT_MAX: '0', REQUEST_TIMEOUT_MS: String(requestTimeoutMs) },
    120_000,
  );
  const failures: string[] = [];
  const limit = requestTimeoutMs + 1_000;
  try {
    const head = 'GET /health HTTP/1.1\r\nHost: loopback\r\nX-Slow: ';
    // The first byte goes at once (the request starts with it); the rest one byte every byteEveryMs.
    const slow = Array.from({ length: clients }, () => new RawClient(server.port, head.charAt(0)));
    const timers = slow.map((client) => {
      let sent = 1;
      return setInterval(() => {
        if (client.socket.writable) client.socket.write(head.charAt(sent) || 'a');
        sent++;
      }, byteEveryMs);
    });
    // Other clients meanwhile: each asks once on a fresh connection every 200 ms until the slow ones are done.
    let othersAnswered = 0;
    let done = false;
    const others = (async () => {
      while (!done) {
        for (const path of ['/health', '/routes?origin=Xian&destination=Duisburg&avoid=RU,BY']) {
          const client = new RawClient(
            server.port,
            `GET ${path} HTTP/1.1\r\nHost: loopback\r\nConnection: close\r\n\r\n`,
          );
          const outcome = await client.closed;
          const status = outcome.responses[0]?.status;
          if (status === 200) othersAnswered++;
          else failures.push(`other client ${path}: ${status ?? outcome.error ?? 'no answer'}`);
        }
        await sleep(200);
      }
    })();
    const outcomes = await Promise.all(slow.map((c) => c.closed));
    done = true;
    for (const timer of timers) clearInterval(timer);
    await others;
    let ended408 = 0;
    let slowestMs = 0;
    for (const [i, outcome] of outcomes.entries()) {
      const answer = outcome.responses[0];
      slowestMs = Math.max(slowestMs, outcome.ms);
      if (answer?.status !== 408) {
        failures.push(`slow client ${i}: ${answer?.status ?? outcome.error ?? 'closed without an answer'}`);
        continue;
      }
      if (!headerOf(answer.headers, 'content-type')?.startsWith('application/problem+json'))
        failures.push(`slow client ${i}: 408 without problem+json`);
      if (outcome.ms > limit)
        failures.push(`slow client ${i}: 408 after ${Math.round(outcome.ms)} ms (limit ${limit})`);
      else ended408++;
    }
    if (othersAnswered === 0) failures.push('no other client was answered meanwhile');
    server.child.kill('SIGTERM');
    await server.exited;
    return { failures, ended408, slowestMs, othersAnswered };
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
}
