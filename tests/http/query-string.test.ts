/**
 * The strict query-string reading: the router's parser shares nothing between requests, and what a parameter
 * is (a list, a number) comes from the route's own schema.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseQueryString, queryFault, queryShape } from '../../src/http/plugins/query-string.js';
import { RoutesQuerySchema } from '../../src/http/schemas/route-schemas.js';
import { buildTestApp } from '../helpers/test-app.js';

describe('the query-string parser', () => {
  it.each([
    ['origin=CN_XIAN&avoid=RU,BY&avoid=GE', { origin: 'CN_XIAN', avoid: ['RU,BY', 'GE'] }],
    ['q=a+b%C3%A9', { q: 'a bé' }],
  ])('%s: values as sent, repeats as arrays', (query, expected) => {
    expect({ ...parseQueryString(query) }).toEqual(expected);
  });

  it.each([
    ['a=%ZZ', 'bad-encoding'],
    ['x=%01', 'control-character'],
    ['origin=CN_XIAN&avoid=RU%0A', 'control-character'],
    ['origin=CN_XIAN&a%7F=1', 'control-character'],
    ['origin=CN_XIAN&x=a\u0001b', 'control-character'],
    ['origin=CN_XIAN&\u0009=1', 'control-character'],
    ['=RU', 'unnamed-value'],
    ['a'.repeat(9000), 'too-long'],
  ])('%s: records the fault', (query, kind) => {
    expect(queryFault(parseQueryString(query))?.kind).toBe(kind);
  });

  it('makes a new object for every request: changing one parse changes no other', () => {
    const query = 'avoid=RU&avoid=BY&origin=x';
    const first = parseQueryString(query);
    const second = parseQueryString(query);
    expect(second).not.toBe(first);
    (first.avoid as string[]).push('GE');
    first.origin = 'y';
    expect({ ...parseQueryString(query) }).toEqual({ avoid: ['RU', 'BY'], origin: 'x' });
  });
});

describe('what a route says of its parameters', () => {
  it('reads lists and numbers from the querystring schema', () => {
    const shape = queryShape(RoutesQuerySchema);
    expect([...shape.lists].sort()).toEqual([
      'avoid',
      'avoidAdvisories',
      'avoidModes',
      'avoidNodes',
      'avoidSeas',
      'via',
    ]);
    expect([...shape.numbers].sort()).toEqual(['alternatives', 'cargoTonnes']);
  });

  it('sees through optional, default and pipes', () => {
    const shape = queryShape(
      z.object({
        a: z.array(z.string()).optional(),
        b: z.coerce.number().default(1),
        c: z.string().trim(),
        d: z.array(z.string()).pipe(z.array(z.string()).max(2)),
      }),
    );
    expect([...shape.lists].sort()).toEqual(['a', 'd']);
    expect([...shape.numbers]).toEqual(['b']);
  });
});

describe('unknown parameters', () => {
  it.each([
    '/countries?x=1',
    '/health?verbose=1',
    '/network?format=geojson',
    '/nodes/CN_XIAN?links=all',
    '/?orign=Xian',
    '/openapi.json?v=2',
  ])('are a 400 naming the parameter on every endpoint (%s)', async (url) => {
    const app = await buildTestApp();
    try {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = res.json();
      expect(body.code).toBe('INVALID_PARAMETER');
      const name = new URL(url, 'http://x').searchParams.keys().next().value;
      expect(body.parameter).toBe(name);
    } finally {
      await app.close();
    }
  });

  it('the map page still takes the parameters of its address', async () => {
    const app = await buildTestApp();
    try {
      const res = await app.inject(
        '/?origin=Xian&destination=Duisburg&avoid=RU,BY&avoid=GE&via=Baku&optimize=time&alternatives=2&cargoTonnes=20&route=1&lang=ru',
      );
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    } finally {
      await app.close();
    }
  });

  it('a list parameter of another route is a list there too (commas and repeats), read from its schema', async () => {
    const app = await buildTestApp();
    try {
      const res = await app.inject('/nodes?country=KZ,AZ&country=GE&limit=500');
      expect(res.statusCode).toBe(200);
      const countries = new Set((res.json().nodes as { country: string }[]).map((n) => n.country));
      for (const country of countries) expect(['AZ', 'GE', 'KZ']).toContain(country);
      expect(countries.size).toBeGreaterThan(1);
      const hex = await app.inject('/nodes?limit=0x5');
      expect(hex.statusCode).toBe(400);
      expect(hex.json().parameter).toBe('limit');
    } finally {
      await app.close();
    }
  });
});
