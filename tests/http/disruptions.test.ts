/**
 * The /disruptions resource over a real SQLite store: create, read, list, patch with If-Match, end, history,
 * Idempotency-Key, who may write, bodies (JSON only, 16 KiB, strict), targets checked against the network,
 * and keys kept out of the logs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';

import { type LiveStateHandle, openLiveState } from '../../src/state/index.js';
import { apiKeySecret } from '../helpers/api-key-secret.js';
import { fixtureNetwork } from '../helpers/test-app.js';

let dir: string;
let live: LiveStateHandle;
let app: FastifyInstance;
let key: string;
let readOnlyKey: string;
const logs: string[] = [];

const body = {
  target: { kind: 'node', id: 'kz_aktau' },
  effect: 'closed',
  startsAt: '2026-12-01T06:00:00Z',
  endsAt: '2099-12-04T18:00:00Z',
  reason: 'north-west storm, port closed',
  source: 'https://example.org/notice',
};

const auth = () => ({ authorization: `Bearer ${key}` });
const post = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/disruptions',
    headers: { ...auth(), ...headers },
    payload: payload as object,
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'efr-http-'));
  live = await openLiveState({ engine: 'sqlite', path: join(dir, 'state.sqlite') });
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  app = await buildApp({
    network: fixtureNetwork(),
    state: live,
    liveState: live.mirror,
    writeRateLimitMax: 50,
    logger: { level: 'trace', stream },
  });
  key = (await live.store.keys.create('ops-desk', ['disruptions:write'])).key;
  readOnlyKey = (await live.store.keys.create('reader', [])).key;
});

afterAll(async () => {
  await app?.close();
  await live?.close();
  rmSync(dir, { recursive: true, force: true });
});

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  const problem = response.json() as { code: string; parameter?: string; detail: string };
  expect(problem.code).toBe(code);
  return problem;
}

describe('POST /disruptions', () => {
  it('creates (201, Location, ETag), canonicalises the target, and the mirror has it at once', async () => {
    const response = await post(body);
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(response.headers.location).toBe(`/disruptions/${created.id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(created).toMatchObject({
      version: 1,
      status: 'active',
      target: { kind: 'node', id: 'KZ_AKTAU' },
      createdBy: 'ops-desk',
    });
    expect(live.mirror.current().disruptions.map((d) => d.id)).toContain(created.id);
    const read = await app.inject({ url: response.headers.location as string });
    expect(read.json()).toEqual(created);
    expect(read.headers.etag).toBe('"1"');
  });

  it('changes the live-state version on every write', async () => {
    const before = live.mirror.current().version;
    await post(body);
    expect(live.mirror.current().version).not.toBe(before);
  });

  it('replays a retried Idempotency-Key and refuses it for another body', async () => {
    const first = await post(body, { 'idempotency-key': 'ticket-4711' });
    const total = (await app.inject({ url: '/disruptions?limit=1' })).json().total;
    const again = await post({ ...body, reason: body.reason }, { 'idempotency-key': 'ticket-4711' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect((await app.inject({ url: '/disruptions?limit=1' })).json().total).toBe(total);
    const other = await post({ ...body, reason: 'another' }, { 'idempotency-key': 'ticket-4711' });
    expect(expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED').parameter).toBe('Idempotency-Key');
  });

  it('names unknown fields, missing extraHours, a bad end and an unknown target', async () => {
    expect(expectProblem(await post({ ...body, colour: 'red' }), 400, 'INVALID_BODY').parameter).toBe(
      'colour',
    );
    expect(
      expectProblem(await post({ ...body, target: { kind: 'node', id: 'X', extra: 1 } }), 400, 'INVALID_BODY')
        .parameter,
    ).toBe('target.extra');
    expect(expectProblem(await post({ ...body, effect: 'delay' }), 400, 'INVALID_BODY').parameter).toBe(
      'extraHours',
    );
    expect(expectProblem(await post({ ...body, extraHours: 5 }), 400, 'INVALID_BODY').parameter).toBe(
      'extraHours',
    );
    expect(
      expectProblem(await post({ ...body, endsAt: '2026-11-30T00:00:00Z' }), 400, 'INVALID_BODY').parameter,
    ).toBe('endsAt');
    expect(expectProblem(await post({ ...body, startsAt: 'tomorrow' }), 400, 'INVALID_BODY').parameter).toBe(
      'startsAt',
    );
    const unknown = expectProblem(
      await post({ ...body, target: { kind: 'node', id: 'ATLANTIS' } }),
      400,
      'UNKNOWN_TARGET',
    );
    expect(unknown.parameter).toBe('target.id');
    expect(unknown.detail).toContain('ATLANTIS');
    expectProblem(await post({ ...body, target: { kind: 'sea', id: 'north-sea' } }), 400, 'UNKNOWN_TARGET');
    expectProblem(await post({ ...body, target: { kind: 'country', id: 'XX' } }), 400, 'UNKNOWN_TARGET');
    expectProblem(await post({ ...body, target: { kind: 'link', id: 'A--B--rail' } }), 400, 'UNKNOWN_TARGET');
  });

  it('takes JSON only, at most 16 KiB', async () => {
    expectProblem(await post('plain text', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await post('{"target":', { 'content-type': 'application/json' }), 400, 'INVALID_BODY');
    expectProblem(await post({ ...body, reason: 'x'.repeat(17 * 1024) }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('needs a live key with the write scope', async () => {
    const none = await app.inject({ method: 'POST', url: '/disruptions', payload: body });
    expectProblem(none, 401, 'UNAUTHORIZED');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    const bad = await post(body, {
      authorization: 'Bearer efr_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expectProblem(bad, 401, 'UNAUTHORIZED');
    expect(bad.headers['www-authenticate']).toContain('invalid_token');
    const forbidden = await post(body, { authorization: `Bearer ${readOnlyKey}` });
    expectProblem(forbidden, 403, 'FORBIDDEN');
    expect(forbidden.headers['www-authenticate']).toContain('insufficient_scope');
  });

  it('limits writes per key', async () => {
    const limited = (await live.store.keys.create('burst', ['disruptions:write'])).key;
    const codes: number[] = [];
    for (let i = 0; i < 52; i++) {
      const r = await post(
        { ...body, target: { kind: 'country', id: 'ZZ' } },
        { authorization: `Bearer ${limited}` },
      );
      codes.push(r.statusCode);
    }
    expect(codes.filter((c) => c === 400)).toHaveLength(50);
    expect(codes.slice(50)).toEqual([429, 429]);
    // Another key keeps its own budget.
    expect((await post(body)).statusCode).toBe(201);
  });

  it('never logs the key', async () => {
    app.log.info({ req: { headers: { authorization: `Bearer ${key}` } } }, 'a line that carries the header');
    await post(body);
    const secret = apiKeySecret(key);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(secret);
    expect(logs.join('\n')).toContain('[Redacted]');
  });
});

describe('PATCH, DELETE and history', () => {
  it('needs If-Match, refuses a stale ETag, merges the patch and records every version', async () => {
    const created = (await post(body)).json();
    const url = `/disruptions/${created.id}`;
    const patch = (payload: unknown, headers: Record<string, string> = {}) =>
      app.inject({ method: 'PATCH', url, headers: { ...auth(), ...headers }, payload: payload as object });
    expectProblem(await patch({ reason: 'x' }), 428, 'PRECONDITION_REQUIRED');
    const delay = await patch(
      { effect: 'delay', extraHours: 72, target: { id: 'kz_dostyk' } },
      { 'if-match': '"1"' },
    );
    expect(delay.statusCode).toBe(200);
    expect(delay.headers.etag).toBe('"2"');
    expect(delay.json()).toMatchObject({
      effect: 'delay',
      extraHours: 72,
      target: { kind: 'node', id: 'KZ_DOSTYK' },
      reason: body.reason,
    });
    expectProblem(await patch({ reason: 'late' }, { 'if-match': '"1"' }), 412, 'PRECONDITION_FAILED');
    expectProblem(await patch({ effect: 'closed' }, { 'if-match': '"2"' }), 400, 'INVALID_BODY');
    expectProblem(await patch({ bogus: true }, { 'if-match': '"2"' }), 400, 'INVALID_BODY');
    const closed = await app.inject({
      method: 'PATCH',
      url,
      headers: { ...auth(), 'if-match': '"2"', 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ effect: 'closed', extraHours: null, endsAt: null }),
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).not.toHaveProperty('extraHours');
    expect(closed.json().endsAt).toBeNull();

    const ended = await app.inject({ method: 'DELETE', url, headers: auth() });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended', version: 4 });
    expect(live.mirror.current().disruptions.map((d) => d.id)).not.toContain(created.id);
    expect((await app.inject({ url })).json().status).toBe('ended');

    const history = (await app.inject({ url: `${url}/history` })).json();
    expect(
      history.versions.map((v: { change: string; changedBy: string }) => `${v.change}:${v.changedBy}`),
    ).toEqual(['created:ops-desk', 'updated:ops-desk', 'updated:ops-desk', 'ended:ops-desk']);
    expect(history.versions[0].disruption.target.id).toBe('KZ_AKTAU');
    expectProblem(await app.inject({ method: 'DELETE', url: '/disruptions/none' }), 401, 'UNAUTHORIZED');
    expectProblem(
      await app.inject({ method: 'DELETE', url: '/disruptions/none', headers: auth() }),
      404,
      'NOT_FOUND',
    );
    expectProblem(await app.inject({ url: '/disruptions/none/history' }), 404, 'NOT_FOUND');
  });
});

describe('GET /disruptions', () => {
  it('filters by status, target, effect and activeAt, and rejects unknown parameters', async () => {
    await post({
      ...body,
      target: { kind: 'sea', id: 'caspian' },
      effect: 'delay',
      extraHours: 24,
      startsAt: '2098-01-01T00:00:00Z',
      endsAt: null,
    });
    const scheduled = (await app.inject({ url: '/disruptions?status=scheduled&targetKind=sea' })).json();
    expect(scheduled.disruptions.length).toBeGreaterThan(0);
    expect(scheduled.disruptions.every((d: { status: string }) => d.status === 'scheduled')).toBe(true);
    expect(scheduled.warnings).toEqual([]);
    expect(scheduled.stateVersion).toBe(live.mirror.current().version);
    const active = (
      await app.inject({ url: '/disruptions?activeAt=2098-06-01T00:00:00Z&effect=delay' })
    ).json();
    expect(active.disruptions.map((d: { target: { id: string } }) => d.target.id)).toContain('caspian');
    const both = (await app.inject({ url: '/disruptions?status=active,scheduled' })).json();
    expect(both.total).toBeGreaterThan(scheduled.total);
    expectProblem(await app.inject({ url: '/disruptions?statu=active' }), 400, 'INVALID_PARAMETER');
    expectProblem(await app.inject({ url: '/disruptions?status=over' }), 400, 'INVALID_PARAMETER');
  });

  it('reports the store in /health', async () => {
    const health = (await app.inject({ url: '/health' })).json();
    expect(health.store).toMatchObject({
      engine: 'sqlite',
      reachable: true,
      stateVersion: live.mirror.current().version,
    });
  });
});
