/**
 * Every JSON answer is ASCII: characters beyond U+007F are written as \u escapes, so the bytes are the same in
 * any ASCII-compatible encoding and parse to exactly the names the network holds (Constanța, Lőkösháza).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork } from '../../src/domain/index.js';
import { buildTestApp, EMBEDDED_DIR } from '../helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp(loadNetwork(EMBEDDED_DIR));
});
afterAll(() => app.close());

const isAscii = (bytes: Buffer) => bytes.every((b) => b < 0x80);

describe('ASCII answers', () => {
  it.each([
    ['a route through Constanța', '/routes?origin=Xian&destination=Budapest&avoid=RU,BY,IR&via=Constanta'],
    [
      'the same route as GeoJSON',
      '/routes?origin=Xian&destination=Budapest&avoid=RU,BY,IR&via=Constanta&format=geojson',
    ],
    ['a node search', '/nodes?q=Constanta'],
    ['a node', '/nodes/RO_CONSTANTA'],
    ['the whole network', '/network'],
  ])('%s: every byte is ASCII, the names parse back with their accents', async (_label, url) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(200);
    expect(isAscii(res.rawPayload)).toBe(true);
    expect(res.body).toContain('Constan\\u021ba');
    expect(JSON.stringify(res.json())).toContain('Constanța');
  });

  it('a repeat served from the cache is the same ASCII bytes', async () => {
    const url = '/routes?origin=Xian&destination=Budapest&avoid=RU,BY,IR&via=Constanta&optimize=time';
    const first = await app.inject(url);
    const repeat = await app.inject(url);
    expect(repeat.headers['x-cache']).toBe('hit');
    expect(repeat.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(isAscii(repeat.rawPayload)).toBe(true);
  });

  it('problem details are ASCII too, and quote the non-ASCII value that was sent as it was sent', async () => {
    const res = await app.inject(`/routes?origin=${encodeURIComponent('Lőkösházaxyz')}&destination=Duisburg`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(isAscii(res.rawPayload)).toBe(true);
    expect(res.json().detail).toContain('Lőkösházaxyz');
  });
});
