/**
 * Road legs in the route summary: a route that trucks over a border road crossing says so (`usesRoad`) and how
 * far it goes by road (`roadKm`, the sum of its road legs), on the embedded network; a rail-only route says
 * false and 0. The CLI text prints the road part.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlan } from '../../src/cli/cli-format.js';
import { loadNetwork } from '../../src/domain/index.js';
import { buildTestApp, EMBEDDED_DIR } from '../helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp(loadNetwork(EMBEDDED_DIR));
});
afterAll(() => app.close());

interface Leg {
  mode: string;
  distanceKm: number;
  from: { id: string };
  to: { id: string };
}

const plan = async (query: string) => {
  const res = await app.inject({ method: 'GET', url: `/routes?${query}` });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res.json();
};

const roadSum = (legs: Leg[]) =>
  Math.round(legs.filter((l) => l.mode === 'road').reduce((s, l) => s + l.distanceKm, 0) * 10) / 10;

describe('road legs in the route summary', () => {
  it('a route trucked over Irkeshtam reports its road legs and their km', async () => {
    // Lanzhou–Kashgar by rail, Kashgar–Irkeshtam–Osh by truck, Osh–Tashkent by rail (Kazakhstan avoided).
    const body = await plan('origin=CN_LANZHOU&destination=UZ_TASHKENT&avoid=KZ');
    const route = body.routes[0];
    const stops = route.legs.map((l: Leg) => l.to.id);
    expect(stops).toEqual(expect.arrayContaining(['CN_IRKESHTAM', 'KG_IRKESHTAM', 'KG_OSH']));
    expect(route.usesRoad).toBe(true);
    expect(route.roadKm).toBeGreaterThan(400);
    expect(route.roadKm).toBe(roadSum(route.legs));
    expect(formatPlan(body)).toMatch(/^Road: [\d,.\s]+ km by truck \(.*Irkeshtam.*\)$/m);
  });

  it('a rail-only route reports no road', async () => {
    const body = await plan("origin=Xi'an&destination=Duisburg");
    const route = body.routes[0];
    expect(route.legs.every((l: Leg) => l.mode === 'rail')).toBe(true);
    expect(route.usesRoad).toBe(false);
    expect(route.roadKm).toBe(0);
    expect(formatPlan(body)).not.toMatch(/^Road:/m);
  });

  it('the Khorgos–Nur Zholy road crossing counts when a route takes it', async () => {
    const body = await plan('origin=CN_KHORGOS&destination=KZ_ALMATY&avoidModes=rail');
    const route = body.routes[0];
    expect(route.legs.map((l: Leg) => l.to.id)).toEqual(['KZ_NURZHOLY', 'KZ_ALMATY']);
    expect(route.usesRoad).toBe(true);
    expect(route.roadKm).toBe(roadSum(route.legs));
  });
});
