import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadNetwork } from '../../src/domain/index.js';

const fixture = new URL('../fixtures/mini-network', import.meta.url).pathname;

describe('GET /nodes?q= (search)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ network: loadNetwork(fixture) });
  });
  afterAll(async () => {
    await app.close();
  });

  const search = async (query: string) => {
    const res = await app.inject({ method: 'GET', url: `/nodes?${query}` });
    expect(res.statusCode).toBe(200);
    return res.json() as { total: number; nodes: { id: string }[] };
  };

  it('puts Constanța first for the typo "Constansa"', async () => {
    const body = await search('q=Constansa');
    expect(body.nodes[0]?.id).toBe('RO_CONSTANTA');
  });

  it('folds accents and case: "TURKMENBAŞY" finds Turkmenbashi', async () => {
    const body = await search(`q=${encodeURIComponent('TÜRKMENBAŞY')}`);
    expect(body.nodes[0]?.id).toBe('TM_TURKMENBASHI');
  });

  it('filters by country inside the search', async () => {
    const body = await search('q=Sarakhs&country=IR');
    expect(body.nodes.map((n) => n.id)).toEqual(['IR_SARAKHS']);
    expect(body.total).toBe(1);
  });

  it('answers /routes with an unknown place as 404 with the closest matches', async () => {
    const res = await app.inject({ method: 'GET', url: '/routes?origin=Constansa&destination=Duisburg' });
    expect(res.statusCode).toBe(404);
    const body = res.json() as { code: string; suggestions: { id: string }[] };
    expect(body.code).toBe('UNKNOWN_PLACE');
    expect(body.suggestions[0]?.id).toBe('RO_CONSTANTA');
  });
});
