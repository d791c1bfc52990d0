/**
 * The API as a client developer meets it: types generated from openapi/openapi.json by openapi-typescript
 * (tests/client/api.d.ts, `npm run client:generate`) and calls through openapi-fetch against a server
 * listening on 127.0.0.1 with the embedded network. Also checks that the committed types are current and
 * that every documented parameter example works against the server.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import createClient from 'openapi-fetch';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadNetwork } from '../../src/domain/index.js';
import { type LiveStateHandle, openLiveState } from '../../src/state/index.js';
import { startWatches, type WatchService } from '../../src/watches/index.js';
import type { components, paths } from './api.js';

type Problem = components['schemas']['Problem'];

const specUrl = new URL('../../openapi/openapi.json', import.meta.url);

let app: FastifyInstance;
let baseUrl: string;
let live: LiveStateHandle;
let stateDir: string;
let writeKey: string;
let watchKey: string;
let watches: WatchService;
/** A disruption that exists, for the documented /disruptions/{id} paths. */
let disruptionId: string;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'efr-client-'));
  live = await openLiveState({ engine: 'sqlite', path: join(stateDir, 'state.sqlite') });
  writeKey = (await live.store.keys.create('client-test', ['disruptions:write'])).key;
  const created = await live.store.disruptions.create(
    {
      target: { kind: 'node', id: 'KZ_AKTAU' },
      effect: 'closed',
      startsAt: '2026-12-01T06:00:00Z',
      endsAt: null,
      reason: 'storm',
      source: 'https://example.org/notice',
    },
    { name: 'client-test' },
  );
  disruptionId = created.kind === 'created' ? created.record.id : '';
  watchKey = (await live.store.keys.create('client-watch', ['watches:write'])).key;
  const network = loadNetwork(new URL('../../graph-data', import.meta.url).pathname);
  // Watches are planned and queued but not sent (no receiver here); loopback callbacks are allowed.
  watches = await startWatches({
    network,
    store: live.store,
    mirror: live.mirror,
    send: false,
    webhooks: { allowPrivate: true },
  });
  app = await buildApp({ network, state: live, liveState: live.mirror, watches });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not listen on a port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await app.close();
  await watches.close();
  await live.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('typed client (openapi-typescript + openapi-fetch)', () => {
  // JSON answers and problems only: /routes also documents GeoJSON and SVG, which this client does not ask for.
  const client = () => createClient<paths, 'application/json' | 'application/problem+json'>({ baseUrl });
  // GeoJSON answers (/network, /reachability?format=geojson, /ogc/routes).
  const geoClient = () => createClient<paths, 'application/geo+json'>({ baseUrl });

  it('plans a route: GET /routes with avoid as a list', async () => {
    const { data, error, response } = await client().GET('/routes', {
      params: { query: { origin: "Xi'an", destination: 'Duisburg', avoid: ['RU', 'BY'], alternatives: 1 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    if (!data) throw new Error('no body');
    expect(data.avoid).toEqual(['BY', 'RU']);
    const best = data.routes[0];
    if (!best) throw new Error('no route');
    expect(best.countries).not.toContain('RU');
    expect(best.countries).not.toContain('BY');
    const legKm = best.legs.reduce((sum, leg) => sum + leg.distanceKm, 0);
    expect(best.distanceKm).toBeCloseTo(legKm, 6);
    expect(best.legs[0]?.from.id).toBe(data.origin.id);
    expect(best.legs.at(-1)?.to.id).toBe(data.destination.id);
  });

  it('searches nodes with a typo: GET /nodes?q=Constansa', async () => {
    const { data, response } = await client().GET('/nodes', {
      params: { query: { q: 'Constansa', limit: 5 } },
    });
    expect(response.status).toBe(200);
    expect(data?.nodes[0]?.id).toBe('RO_CONSTANTA');
  });

  it('reads one node: GET /nodes/{id}', async () => {
    const { data } = await client().GET('/nodes/{id}', { params: { path: { id: 'kz_aktau' } } });
    expect(data?.id).toBe('KZ_AKTAU');
    expect(data?.links.some((l) => l.mode === 'ferry')).toBe(true);
  });

  it('returns a typed problem for an unknown place (404 UNKNOWN_PLACE with suggestions)', async () => {
    const { data, error, response } = await client().GET('/routes', {
      params: { query: { origin: 'Duisbrug', destination: "Xi'an" } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // The error is typed as the documented problem details.
    const problem: Problem | undefined = error;
    expect(problem?.code).toBe('UNKNOWN_PLACE');
    expect(problem?.parameter).toBe('origin');
    expect(problem?.suggestions?.[0]?.id).toBe('DE_DUISBURG');
  });

  it('rejects a misspelt parameter with a typed 400', async () => {
    const { error, response } = await client().GET('/routes', {
      // `avoids` is not a parameter: the server rejects it rather than plan through Russia.
      params: { query: { origin: "Xi'an", destination: 'Duisburg', avoids: ['RU'] } },
    });
    expect(response.status).toBe(400);
    expect(error?.code).toBe('INVALID_PARAMETER');
  });

  it('reports and reads a disruption: POST /disruptions with a key, then GET it', async () => {
    const { data, response } = await client().POST('/disruptions', {
      headers: { authorization: `Bearer ${writeKey}` },
      body: {
        target: { kind: 'sea', id: 'caspian' },
        effect: 'delay',
        extraHours: 48,
        startsAt: '2026-12-01T06:00:00Z',
        reason: 'north-west wind 20 m/s, sailings suspended',
        source: 'https://example.org/asco',
      },
    });
    expect(response.status).toBe(201);
    expect(data?.status).toBe('active');
    const read = await client().GET('/disruptions/{id}', { params: { path: { id: data?.id ?? '' } } });
    expect(read.data?.extraHours).toBe(48);
  });

  // Every other path of the document, each called with its generated parameter and body types and read
  // through its generated answer type: a path, parameter or field renamed in the schemas breaks typecheck here.
  it('plans a departure window: GET /departures', async () => {
    const { data, response } = await client().GET('/departures', {
      params: {
        query: { origin: "Xi'an", destination: 'Duisburg', avoid: ['RU', 'BY'], from: '2026-12-05', days: 3 },
      },
    });
    expect(response.status).toBe(200);
    if (!data) throw new Error('no body');
    expect(data.departures.map((d) => d.date)).toEqual(['2026-12-05', '2026-12-06', '2026-12-07']);
    for (const d of data.departures) expect(d.durationDays.p10).toBeLessThanOrEqual(d.durationDays.p90);
    expect(data.departures.map((d) => d.date)).toContain(data.best.byP50);
  });

  it('lists countries and health: GET /countries, GET /health', async () => {
    const countries = await client().GET('/countries');
    const kz = countries.data?.countries.find((c) => c.code === 'KZ');
    expect(kz?.alpha3).toBe('KAZ');
    expect(kz?.nodeCount).toBeGreaterThan(0);
    const health = await client().GET('/health');
    expect(health.data?.status).toBe('ok');
    expect(health.data?.dataVersion).toMatch(/^sha256:/);
  });

  it('computes a matrix: GET /matrix, JSON and CSV', async () => {
    const query = { origins: ["Xi'an", 'Chengdu'], destinations: ['Duisburg'], avoid: ['RU', 'BY'] };
    const { data } = await client().GET('/matrix', { params: { query: { ...query, include: ['seas'] } } });
    if (!data) throw new Error('no body');
    expect(data.origins.map((o) => o.id)).toHaveLength(2);
    expect(data.distanceKm).toHaveLength(2);
    expect(data.distanceKm[0]?.[0]).toBeGreaterThan(5000);
    expect(data.unreachable[0]?.[0]).toBeNull();
    expect(data.seas?.[0]?.[0]).toContain('caspian');
    const csv = await client().GET('/matrix', {
      params: { query: { ...query, format: 'csv' } },
      parseAs: 'text',
    });
    expect(csv.response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(String(csv.data).split(/\r?\n/)[0]).toMatch(/^origin_id,origin_name,/);
  });

  it('finds what is reachable: GET /reachability, JSON and GeoJSON', async () => {
    const query = { origin: "Xi'an", maxHours: 240, avoid: ['RU', 'BY'] };
    const { data } = await client().GET('/reachability', { params: { query } });
    if (!data) throw new Error('no body');
    expect(data.budget).toEqual({ name: 'maxHours', value: 240 });
    expect(data.nodes[0]?.node.id).toBe(data.origin.id);
    for (const n of data.nodes) expect(n.durationHours).toBeLessThanOrEqual(240);
    const geo = await geoClient().GET('/reachability', {
      params: { query: { ...query, format: 'geojson' } },
    });
    expect(geo.data?.type).toBe('FeatureCollection');
    expect(geo.data?.features.length).toBe(data.nodes.length);
  });

  it('draws the network: GET /network (GeoJSON), GET /map.svg', async () => {
    const network = await geoClient().GET('/network');
    expect(network.data?.type).toBe('FeatureCollection');
    expect(network.data?.features.some((f) => f.id === 'KZ_AKTAU')).toBe(true);
    const svg = await client().GET('/map.svg', { params: { query: { avoid: ['RU'] } }, parseAs: 'text' });
    expect(svg.response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(String(svg.data)).toMatch(/^<svg|^<\?xml/);
  });

  it('speaks OGC API - Routes: GET /ogc, GET /ogc/conformance, POST /ogc/routes', async () => {
    const landing = await client().GET('/ogc');
    expect(landing.data?.links.some((l) => l.rel.endsWith('/conformance'))).toBe(true);
    const conformance = await client().GET('/ogc/conformance');
    expect(conformance.data?.conformsTo.length).toBeGreaterThan(0);
    const route = await geoClient().POST('/ogc/routes', {
      body: {
        inputs: {
          name: "Xi'an to Duisburg",
          waypoints: { value: ['CN_XIAN', 'DE_DUISBURG'] },
          preference: 'fastest',
        },
      },
    });
    expect(route.response.status).toBe(200);
    expect(route.data?.features[0]?.id).toBe('overview');
    expect(route.data?.features.at(-1)?.id).toBe('end');
  });

  it('changes, lists, traces and ends a disruption: PATCH, GET /disruptions, history, DELETE', async () => {
    const auth = { authorization: `Bearer ${writeKey}` };
    const current = await client().GET('/disruptions/{id}', { params: { path: { id: disruptionId } } });
    const etag = current.response.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const patched = await client().PATCH('/disruptions/{id}', {
      params: { path: { id: disruptionId }, header: { 'if-match': etag } },
      headers: auth,
      body: { reason: 'storm, port still closed' },
    });
    expect(patched.response.status).toBe(200);
    expect(patched.data?.reason).toBe('storm, port still closed');
    const list = await client().GET('/disruptions', {
      params: { query: { targetKind: 'node', targetId: 'KZ_AKTAU' } },
    });
    expect(list.data?.disruptions.map((d) => d.id)).toContain(disruptionId);
    const history = await client().GET('/disruptions/{id}/history', {
      params: { path: { id: disruptionId } },
    });
    expect(history.data?.versions.map((v) => v.change)).toEqual(['created', 'updated']);
    const ended = await client().DELETE('/disruptions/{id}', {
      params: { path: { id: disruptionId } },
      headers: auth,
    });
    expect(ended.response.status).toBe(200);
    expect(ended.data?.endsAt).not.toBeNull();
  });

  it('watches a route: POST /watches with a key, then GET it and its deliveries', async () => {
    const auth = { authorization: `Bearer ${watchKey}` };
    const { data, response } = await client().POST('/watches', {
      headers: auth,
      body: {
        query: { origin: "Xi'an", destination: 'Duisburg', avoid: ['RU', 'BY'] },
        callbackUrl: 'https://127.0.0.1:9/hook',
      },
    });
    expect(response.status).toBe(201);
    expect(data?.secret).toMatch(/^whsec_/);
    expect(data?.answer.outcome).toBe('route');
    const listed = await client().GET('/watches', { headers: auth });
    expect(listed.data?.watches.map((w) => w.id)).toContain(data?.id);
    const read = await client().GET('/watches/{id}', {
      headers: auth,
      params: { path: { id: data?.id ?? '' } },
    });
    expect(read.data?.query.avoid).toEqual(['RU', 'BY']);
    const deliveries = await client().GET('/watches/{id}/deliveries', {
      headers: auth,
      params: { path: { id: data?.id ?? '' } },
    });
    expect(deliveries.data?.deliveries).toEqual([]);
  });

  it('the committed types are generated from the committed document', async () => {
    const generated = COMMENT_HEADER + astToString(await openapiTS(specUrl));
    const committed = readFileSync(new URL('./api.d.ts', import.meta.url), 'utf8');
    expect(committed).toBe(generated);
  });
});

interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  schema: { examples?: unknown[] };
}

/** An example value built from a schema's own examples (following component references). */
function exampleOf(schema: unknown, spec: unknown): unknown {
  if (!schema || typeof schema !== 'object') return undefined;
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/components/schemas/', '');
    return exampleOf(
      (spec as { components: { schemas: Record<string, unknown> } }).components.schemas[name],
      spec,
    );
  }
  if (Array.isArray(s.examples)) return s.examples[0];
  if (s.properties && typeof s.properties === 'object') {
    const out: Record<string, unknown> = {};
    const required = new Set((s.required as string[] | undefined) ?? []);
    for (const [key, value] of Object.entries(s.properties as Record<string, unknown>)) {
      const v = exampleOf(value, spec);
      if (v !== undefined && required.has(key)) out[key] = v;
    }
    return out;
  }
  for (const key of ['anyOf', 'oneOf']) {
    const options = s[key];
    if (Array.isArray(options)) return exampleOf(options[0], spec);
  }
  return undefined;
}

describe('documented examples', () => {
  const spec = JSON.parse(readFileSync(specUrl, 'utf8')) as {
    paths: Record<
      string,
      Record<string, { operationId: string; parameters?: Parameter[]; 'x-exactly-one-of'?: string[] }>
    >;
  };
  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
  // Public reads, and the public operations that take a body (OGC route definitions). Operations that need a
  // key (a security requirement in the document: writes, and every /watches call) are checked by the keyed
  // tests above.
  const reads = operations.filter(
    ({ method, op }) =>
      (method === 'get' || method === 'post') && (op as { security?: unknown[] }).security === undefined,
  );

  const url = (path: string, parameters: Parameter[]) => {
    let target = path;
    const query = new URLSearchParams();
    for (const p of parameters) {
      const example = p.schema.examples?.[0];
      // A documented disruption id names no stored disruption: use one that exists.
      const value = path.startsWith('/disruptions/') && p.name === 'id' ? disruptionId : example;
      if (p.in === 'path') target = target.replace(`{${p.name}}`, encodeURIComponent(String(value)));
      else if (Array.isArray(example)) query.set(p.name, example.join(','));
      else query.set(p.name, String(example));
    }
    const qs = query.toString();
    return `${baseUrl}${target}${qs ? `?${qs}` : ''}`;
  };

  it.each(reads)('$method $path answers 2xx to its documented examples', async ({ path, method, op }) => {
    if (method === 'post') {
      // A body operation: its documented request example is sent as it is.
      const content = (op as { requestBody?: { content: Record<string, { schema: unknown }> } }).requestBody
        ?.content['application/json'];
      const example = exampleOf(content?.schema, spec);
      const res = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(example),
      });
      expect(
        res.status,
        `${op.operationId}: ${JSON.stringify(example)}: ${await res.clone().text()}`,
      ).toBeLessThan(300);
      return;
    }
    expect(method).toBe('get');
    const params = op.parameters ?? [];
    // Parameters of which exactly one must be given count as required, one at a time.
    const oneOf = new Set(op['x-exactly-one-of'] ?? []);
    const group = params.filter((p) => oneOf.has(p.name));
    const bases = group.length
      ? group.map((g) => [...params.filter((p) => p.required), g])
      : [params.filter((p) => p.required)];
    const required = bases[0] ?? [];
    // The required parameters alone, then with each optional parameter's example in turn.
    const requests = [
      ...bases,
      ...params.filter((p) => !p.required && !oneOf.has(p.name)).map((p) => [...required, p]),
    ];
    for (const parameters of requests) {
      const res = await fetch(url(path, parameters));
      expect(
        res.status,
        `${op.operationId}: ${url(path, parameters)}: ${await res.clone().text()}`,
      ).toBeLessThan(300);
    }
  });
});
