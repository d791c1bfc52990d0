/**
 * Cross-origin writes: a browser's preflight for POST, PATCH and DELETE on /disruptions and /watches is allowed
 * from a configured origin with the headers writes need, refused from any other, and read-only paths stay
 * read-only; the answers of writes expose ETag and Location.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { IN_PROCESS_PROTECTION } from '../../src/http/plugins/protection-options.js';
import { type LiveStateHandle, openLiveState } from '../../src/state/index.js';
import { fixtureNetwork } from '../helpers/test-app.js';

const ORIGIN = 'https://ops.example';
let dir: string;
let live: LiveStateHandle;
let app: FastifyInstance;
let key: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'efr-cors-'));
  live = await openLiveState({ engine: 'sqlite', path: join(dir, 'state.sqlite') });
  app = await buildApp({
    network: fixtureNetwork(),
    state: live,
    liveState: live.mirror,
    protection: { ...IN_PROCESS_PROTECTION, corsOrigin: [ORIGIN] },
  });
  key = (await live.store.keys.create('ops-desk', ['disruptions:write'])).key;
});

afterAll(async () => {
  await app?.close();
  await live?.close();
  rmSync(dir, { recursive: true, force: true });
});

const preflight = (url: string, method: string, origin = ORIGIN) =>
  app.inject({
    method: 'OPTIONS',
    url,
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization, content-type, if-match, idempotency-key',
    },
  });

const list = (value: unknown) =>
  String(value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

describe('CORS for writes', () => {
  it.each([
    ['/disruptions', 'POST'],
    ['/disruptions/abc', 'PATCH'],
    ['/disruptions/abc', 'DELETE'],
    ['/watches', 'POST'],
    ['/watches/abc', 'DELETE'],
  ])('allows a preflight for %s %s from a configured origin, with the write headers', async (url, method) => {
    const response = await preflight(url, method);
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(list(response.headers['access-control-allow-methods'])).toContain(method.toLowerCase());
    expect(list(response.headers['access-control-allow-headers'])).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'if-match', 'idempotency-key']),
    );
  });

  it('refuses the preflight of another origin', async () => {
    const response = await preflight('/disruptions', 'POST', 'https://evil.example');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps read-only paths read-only', async () => {
    const response = await preflight('/routes', 'POST');
    expect(list(response.headers['access-control-allow-methods'])).not.toContain('post');
    expect(list(response.headers['access-control-allow-methods'])).toContain('get');
  });

  it('answers a preflight on a write path without making OPTIONS a method of it (Allow of a 405)', async () => {
    const response = await app.inject({ method: 'PUT', url: '/disruptions' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, POST');
    const item = await app.inject({ method: 'PUT', url: '/disruptions/abc' });
    expect(item.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
  });

  it('lists every write method of a path in its preflight, whichever route added it', async () => {
    const response = await preflight('/disruptions/abc', 'PATCH');
    expect(list(response.headers['access-control-allow-methods'])).toEqual([
      'get',
      'head',
      'options',
      'delete',
      'patch',
    ]);
    expect(response.headers['access-control-max-age']).toBe('86400');
  });

  it('exposes ETag and Location on a cross-origin write', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/disruptions',
      headers: { origin: ORIGIN, authorization: `Bearer ${key}` },
      payload: {
        target: { kind: 'node', id: 'KZ_AKTAU' },
        effect: 'closed',
        startsAt: '2026-12-01T06:00:00Z',
        reason: 'storm',
        source: 'https://example.org/notice',
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(list(response.headers['access-control-expose-headers'])).toEqual(
      expect.arrayContaining(['etag', 'location']),
    );
  });
});
