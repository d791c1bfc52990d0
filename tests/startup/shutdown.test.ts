/**
 * SIGTERM under load, against the real server: a response in flight (a slow client that has not read its
 * answers yet) is finished in full, new connections are refused while it drains, requests arriving on open
 * connections get a 503 problem+json, and the process exits 0 well within 10 s.
 */
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseResponses, sleep } from '../faults/raw-http.js';
import { type RunningServer, startServer } from '../helpers/spawn-server.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

let server: RunningServer | undefined;
afterAll(() => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
});

/** Tries a new TCP connection: 'accepted' or the error code. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('graceful shutdown', () => {
  it('finishes responses in flight, refuses new connections and exits 0 within 10 s', async () => {
    server = await startServer({ GRAPH_DATA_DIR: EMBEDDED_DIR, RATE_LIMIT_MAX: '0' });
    const { port } = server;

    // A slow client: asks for many large answers at once and reads nothing yet, so that answers are still
    // being written when the signal comes.
    const slow = connect(port, '127.0.0.1');
    await new Promise((resolve) => slow.once('connect', resolve));
    slow.pause();
    const pipelined = 120;
    slow.write('GET /nodes?limit=500 HTTP/1.1\r\nHost: test\r\n\r\n'.repeat(pipelined));

    // Load: keep-alive clients asking for routes in a loop until the server goes away.
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const statuses: number[] = [];
    const badAnswers: string[] = [];
    let stop = false;
    const loop = async () => {
      while (!stop) {
        const outcome = await new Promise<'ok' | 'gone'>((resolve) => {
          const req = request(
            `${server?.url}/routes?origin=Xian&destination=Duisburg&avoid=RU,BY&alternatives=2`,
            { agent },
            (res) => {
              let body = '';
              res.setEncoding('utf8').on('data', (d: string) => {
                body += d;
              });
              res.on('end', () => {
                statuses.push(res.statusCode ?? 0);
                const type = String(res.headers['content-type']);
                if (
                  res.statusCode === 200 &&
                  !(type.startsWith('application/json') && JSON.parse(body).routes)
                )
                  badAnswers.push(`200 ${type}`);
                if (res.statusCode === 503) {
                  const problem = JSON.parse(body);
                  if (!type.startsWith('application/problem+json') || problem.code !== 'OVERLOADED')
                    badAnswers.push(`503 ${type} ${body}`);
                  if (res.headers.connection !== 'close') badAnswers.push('503 without Connection: close');
                }
                if (res.statusCode !== 200 && res.statusCode !== 503)
                  badAnswers.push(`${res.statusCode} ${body}`);
                resolve('ok');
              });
              res.on('error', () => resolve('gone'));
            },
          );
          // A connection refused or closed by the draining server: that client is done.
          req.on('error', () => resolve('gone'));
          req.end();
        });
        if (outcome === 'gone') return;
      }
    };
    const clients = Array.from({ length: 16 }, loop);

    // Ready: /health answers on a fresh connection while the load runs.
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    await sleep(300);

    const signalled = Date.now();
    server.child.kill('SIGTERM');

    // New connections are refused while the server is still draining the slow client's answers.
    let refused = '';
    for (let i = 0; i < 100 && refused === ''; i++) {
      const result = await tryConnect(port);
      if (result === 'ECONNREFUSED') refused = result;
      else await sleep(50);
    }
    expect(refused).toBe('ECONNREFUSED');
    expect(server.child.exitCode, 'the server must still be draining the slow client').toBeNull();

    // Now read everything: every answer the server started is complete.
    let received = '';
    slow.setEncoding('latin1');
    slow.on('data', (d: string) => {
      received += d;
    });
    slow.resume();
    await new Promise((resolve) => slow.once('close', resolve));
    const { responses, rest } = parseResponses(received);
    expect(rest, 'no answer may be cut off').toBe('');
    expect(responses.length).toBeGreaterThan(0);
    for (const [i, r] of responses.entries()) {
      if (r.status === 200) {
        expect(JSON.parse(r.body).nodes.length, `answer ${i}`).toBeGreaterThan(100);
      } else {
        // Requests the server reads only after the signal: refused politely, and the connection closed.
        expect(r.status, `answer ${i}`).toBe(503);
        expect(JSON.parse(r.body).code).toBe('OVERLOADED');
        expect(r.headers).toMatch(/\r\nconnection: close/i);
        expect(i, 'a 503 closes the connection, so it is the last answer').toBe(responses.length - 1);
      }
    }

    stop = true;
    await Promise.all(clients);
    agent.destroy();
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(badAnswers).toEqual([]);
  });
});
