/**
 * Hostile input: thousands of generated query strings and path ids against /routes, /nodes and /nodes/{id}.
 * Whatever arrives, the answer is never a 5xx; every error is problem+json with a known `code` and no
 * internals; every 400 names the parameter at fault. Plus named regressions for the faults found this way.
 */

import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_LIMITS } from '../../src/domain/index.js';
import { PROBLEM_TYPES } from '../../src/http/errors/problem.js';
import { QUERY_LIMITS } from '../../src/http/plugins/query-string.js';
import { buildTestApp } from '../helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const KNOWN_CODES = new Set(Object.keys(PROBLEM_TYPES));

interface Answer {
  url: string;
  status: number;
  contentType: string;
  body: string;
}

async function get(url: string): Promise<Answer> {
  const res = await app.inject({ method: 'GET', url });
  return {
    url,
    status: res.statusCode,
    contentType: String(res.headers['content-type'] ?? ''),
    body: res.body,
  };
}

/** The contract of every answer, whatever was sent. */
function expectWellFormed(answer: Answer): void {
  const where = `${answer.status} for ${answer.url.slice(0, 300)}`;
  expect(answer.status, where).toBeLessThan(500);
  if (answer.status < 400) return;
  expect(answer.contentType, where).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(answer.body) as Record<string, unknown>;
  expect(KNOWN_CODES.has(String(problem.code)), `${where}: code ${String(problem.code)}`).toBe(true);
  expect(problem.status, where).toBe(answer.status);
  expect(typeof problem.detail, where).toBe('string');
  if (answer.status === 400) {
    expect(typeof problem.parameter, `${where}: ${answer.body.slice(0, 300)}`).toBe('string');
    expect(String(problem.parameter).length, where).toBeGreaterThan(0);
  }
  // No internals: no stack frames, no file paths of the server, no exception class names.
  expect(answer.body, where).not.toMatch(/\n\s+at |node_modules|\/src\/|\.ts:\d|TypeError|RangeError/);
}

// ---- generators ------------------------------------------------------------------------------------

const ROUTE_PARAMETERS = [
  'origin',
  'destination',
  'avoid',
  'avoidModes',
  'avoidSeas',
  'avoidNodes',
  'via',
  'optimize',
  'alternatives',
  'cargoTonnes',
  'format',
];
const NODE_PARAMETERS = ['q', 'country', 'kind', 'limit'];
const HOSTILE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  'toString',
  'hasOwnProperty',
  'avoid[]',
  'origin[0]',
  'origin.x',
  '',
  ' ',
  'AVOID',
  'avoid ',
];

const plausible = fc.constantFrom(
  'Xian',
  "Xi'an",
  'XI AN',
  '西安',
  'Duisburg',
  'CN_XIAN',
  'de_duisburg',
  'Aktau',
  'Sarakhs',
  'Constanța',
  'RU',
  'RUS',
  'BY,RU',
  'XX',
  'ferry',
  'rail,road',
  'caspian',
  'Black Sea',
  'distance',
  'time',
  'co2',
  'geojson',
  'svg',
  'port',
  '0',
  '1',
  '5',
  '6',
  '20',
);
const hostileText = fc.constantFrom(
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd%00',
  "' OR 1=1 --",
  '"; DROP TABLE nodes; --',
  '<script>alert(1)</script>',
  ['$', '{7*7}'].join(''), // template injection
  '{{7*7}}',
  '`id`',
  '$(id)',
  '%s%s%s%n',
  '\u202e\u0000',
  '\uFEFF',
  '\uD800',
  '\uDFFF\uD800',
  'Ꙭ𝔘𝔫𝔦𝔠𝔬𝔡𝔢🚂🚢',
  'e\u0301\u0301\u0301\u0301\u0301',
  '__proto__',
  'constructor',
  '[object Object]',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1',
  '-0',
  '0x10',
  '1.5',
  '9007199254740993',
  '99999999999999999999999999',
  'true',
  '[]',
  '{}',
  ',,,,',
  ' , , ',
);
const numbers = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
);
const longText = fc
  .tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 50, max: 3000 }))
  .map(([s, n]) => s.repeat(n));
const manyCodes = fc
  .array(fc.constantFrom('RU', 'BY', 'IR', 'KZ', 'XX', 'RUS', 'ZZZ', ''), { minLength: 1, maxLength: 400 })
  .map((codes) => codes.join(','));
const anyText = fc.string({ unit: 'binary', maxLength: 40 });

const value = fc.oneof(
  { weight: 4, arbitrary: plausible },
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: numbers },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: longText },
  { weight: 1, arbitrary: manyCodes },
);

/** encodeURIComponent, with lone surrogates (which it refuses) replaced the way a browser does. */
const encode = (text: string) =>
  encodeURIComponent(
    text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );

/** How one component is put into the URL: properly encoded, raw, or with broken percent-escapes. */
const encoded = (text: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 5, arbitrary: text.map(encode) },
    {
      weight: 2,
      arbitrary: text.map((t) => t.replace(/[#&=?/\s]/g, (c) => encode(c))),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(text.map(encode), fc.constantFrom('%', '%Z', '%ZZ', '%E0%A4', '%C3', '%ED%A0%80', '%%'))
        .chain(([t, bad]) => fc.nat(t.length).map((at) => `${t.slice(0, at)}${bad}${t.slice(at)}`)),
    },
  );

const parameterName = (known: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NAMES) },
    { weight: 1, arbitrary: anyText },
  );

const queryString = (known: string[]) =>
  fc
    .array(
      fc.oneof(
        {
          weight: 8,
          arbitrary: fc.tuple(encoded(parameterName(known)), encoded(value)).map(([k, v]) => `${k}=${v}`),
        },
        { weight: 1, arbitrary: encoded(parameterName(known)) },
        { weight: 1, arbitrary: fc.constantFrom('&', '=', '==', '&&&', '=&=', '%', '+', '?') },
      ),
      { maxLength: 14 },
    )
    .map((pairs) => pairs.join('&'));

/** A query that is mostly valid (origin and destination present), so that the routing code is reached. */
const routingQuery = fc
  .tuple(
    fc.constantFrom('Xian', 'CN_XIAN', 'Aktau', 'Tehran', 'TR_KARS', 'Budapest'),
    fc.constantFrom('Duisburg', 'HU_BUDAPEST', 'Constanta', 'Istanbul', 'Poti', 'BY_BREST'),
    queryString(ROUTE_PARAMETERS.filter((p) => p !== 'origin' && p !== 'destination')),
  )
  .map(([o, d, rest]) => `origin=${encodeURIComponent(o)}&destination=${encodeURIComponent(d)}&${rest}`);

// HOSTILE_RUNS raises the count for a longer hunt (e.g. HOSTILE_RUNS=20000 npx vitest run tests/http/hostile-input).
const RUNS = { numRuns: Number(process.env.HOSTILE_RUNS ?? 1200), endOnFailure: true } as const;

describe('hostile input never breaks the API', () => {
  it('GET /routes with arbitrary query strings', async () => {
    await fc.assert(
      fc.asyncProperty(queryString(ROUTE_PARAMETERS), async (qs) =>
        expectWellFormed(await get(`/routes?${qs}`)),
      ),
      RUNS,
    );
  });

  it('GET /routes with valid endpoints and arbitrary filters (reaches the routing code)', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(routingQuery, async (qs) => {
        const answer = await get(`/routes?${qs}`);
        expectWellFormed(answer);
        if (answer.status === 200 || answer.status === 422) answered++;
      }),
      RUNS,
    );
    // The generator must really exercise routing, not only validation.
    expect(answered).toBeGreaterThan(50);
  });

  it('GET /nodes with arbitrary query strings', async () => {
    await fc.assert(
      fc.asyncProperty(queryString(NODE_PARAMETERS), async (qs) =>
        expectWellFormed(await get(`/nodes?${qs}`)),
      ),
      RUNS,
    );
  });

  it('GET /nodes/{id} with arbitrary ids and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        encoded(fc.oneof(value, fc.constantFrom('CN_XIAN', 'kz_aktau', '..', '.', '%2e%2e'))),
        fc.option(queryString(['x', 'id', 'q']), { nil: undefined }),
        async (id, qs) => {
          // An empty id is another path (/nodes/), answered by the list or 404: both must be well formed too.
          expectWellFormed(await get(`/nodes/${id}${qs === undefined ? '' : `?${qs}`}`));
        },
      ),
      RUNS,
    );
  });
});

describe('hostile input: named cases', () => {
  it.each([
    ['/routes?origin=%&destination=Duisburg', 'origin'],
    ['/routes?origin=Xian&destination=%E0%A4%A', 'destination'],
    ['/routes?origin=Xian&destination=Duisburg&avoid=RU,%ZZ', 'avoid'],
    ['/routes?origin=Xian&destination=Duisburg&via=%ED%A0%80', 'via'],
    ['/nodes?q=100%', 'q'],
    ['/nodes?q=a%00b', 'q'],
  ])('%s is a 400 naming %s, never a mangled value', async (url, parameter) => {
    const answer = await get(url);
    expectWellFormed(answer);
    expect(answer.status).toBe(400);
    const problem = JSON.parse(answer.body);
    expect(problem.code).toBe('INVALID_PARAMETER');
    expect(problem.parameter).toBe(parameter);
  });

  it('a malformed escape in the path is a 400 problem, not the router default', async () => {
    const answer = await get('/nodes/%E0%A4%A');
    expectWellFormed(answer);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).parameter).toBe('path');
  });

  it(`a query string over ${QUERY_LIMITS.maxLength} characters is a 414 URI_TOO_LONG; one at the limit is parsed`, async () => {
    const over = await get(
      `/routes?origin=Xian&destination=Duisburg&q=${'a'.repeat(QUERY_LIMITS.maxLength)}`,
    );
    expectWellFormed(over);
    expect(over.status).toBe(414);
    expect(JSON.parse(over.body).code).toBe('URI_TOO_LONG');
    const prefix = 'origin=Xian&destination=Duisburg&avoidNodes=';
    const at = await get(`/routes?${prefix}${'a'.repeat(QUERY_LIMITS.maxLength - prefix.length)}`);
    expect(at.status).toBe(400);
    expect(JSON.parse(at.body).parameter).toBe('avoidNodes');
  });

  it('a path id longer than the router accepts is a 414 problem', async () => {
    const answer = await get(`/nodes/${'X'.repeat(5000)}`);
    expectWellFormed(answer);
    expect(answer.status).toBe(414);
  });

  it('caps are enforced with a 400, never clamped', async () => {
    const codes = Array.from({ length: ROUTE_LIMITS.maxAvoid + 1 }, () => 'RU').join(',');
    const cases: [string, string][] = [
      [`avoid=${codes}`, 'avoid'],
      [`alternatives=${ROUTE_LIMITS.maxAlternatives + 1}`, 'alternatives'],
      [`via=${Array.from({ length: ROUTE_LIMITS.maxVia + 1 }, () => 'Aktau').join(',')}`, 'via'],
      ['alternatives=-1', 'alternatives'],
      ['cargoTonnes=-5', 'cargoTonnes'],
    ];
    for (const [qs, parameter] of cases) {
      const answer = await get(`/routes?origin=Xian&destination=Duisburg&${qs}`);
      expectWellFormed(answer);
      expect(answer.status, qs).toBe(400);
      expect(JSON.parse(answer.body).parameter, qs).toBe(parameter);
    }
  });

  it('a body sent to any path is never parsed: a POST with megabytes of JSON is a 405 problem', async () => {
    for (const payload of ['x'.repeat(5_000_000), '{"__proto__":{"polluted":1}}']) {
      const res = await app.inject({
        method: 'POST',
        url: '/routes',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expectWellFormed({
        url: 'POST /routes',
        status: res.statusCode,
        contentType: String(res.headers['content-type']),
        body: res.body,
      });
      // /routes exists, for GET and HEAD only (RFC 9110 §15.5.6).
      expect(res.statusCode).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
    const get = await app.inject({
      method: 'GET',
      url: '/routes?origin=Xian&destination=Duisburg',
      payload: '{"origin":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(get.statusCode).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an OPTIONS request that is not a valid preflight is not an error page', async () => {
    const res = await app.inject({ method: 'OPTIONS', url: '/routes' });
    expect(res.statusCode).toBeLessThan(300);
    expect(res.body).toBe('');
  });

  it('__proto__ and constructor keys are unknown parameters and pollute nothing', async () => {
    for (const qs of ['__proto__[polluted]=1', 'constructor[prototype][polluted]=1', '__proto__=x']) {
      const answer = await get(`/routes?origin=Xian&destination=Duisburg&${qs}`);
      expect(answer.status, qs).toBe(400);
      expect(JSON.parse(answer.body).code).toBe('INVALID_PARAMETER');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the OpenAPI document states the query-length limit and the list caps', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    expect(doc.info.description).toContain(`at most ${QUERY_LIMITS.maxLength} characters`);
    const avoid = doc.paths['/routes'].get.parameters.find((p: { name: string }) => p.name === 'avoid');
    expect(avoid.schema.maxItems).toBe(ROUTE_LIMITS.maxAvoid);
  });
});
