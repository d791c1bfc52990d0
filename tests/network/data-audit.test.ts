/**
 * The data audits (src/domain/network/audit-network.ts) find what they are for on small literal networks, and
 * the embedded network passes them: gauges meet only at gauge-change stations, the Moiynty–Zhezkazgan trains
 * no longer detour through Karaganda, and every rail length says how it was obtained.
 */
import { describe, expect, it } from 'vitest';
import {
  detourSuspects,
  distanceBasisShares,
  findRoutes,
  gaugeProblems,
  loadNetwork,
} from '../../src/domain/index.js';
import { inlineNetwork } from '../helpers/inline-network.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

const embedded = loadNetwork(EMBEDDED_DIR);

describe('gauge audit', () => {
  const a = { id: 'KZ_A', lat: 45, lon: 80 };
  const b = { id: 'CN_B', lat: 45, lon: 81 };
  const c = { id: 'KZ_C', lat: 46, lon: 79 };
  const links = [
    { from: 'KZ_A', to: 'CN_B', gauge: 1435, distanceKm: 90 },
    { from: 'KZ_A', to: 'KZ_C', gauge: 1520, distanceKm: 160 },
  ];

  it('flags a station where two gauges meet without a gauge change', () => {
    const network = inlineNetwork([a, b, c], links);
    expect(gaugeProblems(network)).toEqual([
      expect.stringMatching(/^KZ_A: rail links of 1435 and 1520 mm meet/),
    ]);
  });

  it('accepts it as a gauge-change station with its own gauge, and flags one without', () => {
    const ok = inlineNetwork([{ ...a, kinds: ['rail', 'gauge-change'], gauge: 1520 }, b, c], links);
    expect(gaugeProblems(ok)).toEqual([]);
    const bare = inlineNetwork([{ ...a, kinds: ['rail', 'gauge-change'] }, b, c], links);
    expect(gaugeProblems(bare)).toEqual([
      expect.stringMatching(/^KZ_A: a gauge-change node needs its own gauge/),
    ]);
  });

  it('finds no problem in the embedded network, planned and closed links included', () => {
    expect(gaugeProblems(embedded)).toEqual([]);
  });
});

describe('detour audit', () => {
  // A and B lie 400 km apart; the only line between them turns back at K, 500 km to the north.
  const nodes = [
    { id: 'KZ_A', lat: 47, lon: 70 },
    { id: 'KZ_B', lat: 47, lon: 75.26 },
    { id: 'KZ_K', lat: 51.5, lon: 72.6 },
  ];
  const bend = [
    { from: 'KZ_A', to: 'KZ_K', distanceKm: 560 },
    { from: 'KZ_K', to: 'KZ_B', distanceKm: 560 },
  ];

  it('flags the bend when it is the shortest rail path', () => {
    const suspects = detourSuspects(inlineNetwork(nodes, bend));
    expect(suspects.map((x) => [x.from, x.via, x.to, x.km])).toEqual([['KZ_A', 'KZ_K', 'KZ_B', 1120]]);
    expect(suspects[0]?.greatCircleKm).toBeGreaterThan(390);
    expect(suspects[0]?.greatCircleKm).toBeLessThan(410);
  });

  it('does not flag it once a junction gives a shorter path', () => {
    const withJunction = inlineNetwork(
      [...nodes, { id: 'KZ_J', lat: 47.5, lon: 72.6 }],
      [...bend, { from: 'KZ_A', to: 'KZ_J', distanceKm: 230 }, { from: 'KZ_J', to: 'KZ_B', distanceKm: 230 }],
    );
    expect(detourSuspects(withJunction).filter((s) => s.via === 'KZ_K')).toEqual([]);
  });

  it('Moiynty–Zhezkazgan trains turn at Zharyk, not Karaganda (632 km, not 920)', () => {
    expect(detourSuspects(embedded).filter((s) => s.via === 'KZ_KARAGANDA')).toEqual([]);
    const route = findRoutes(embedded, 'KZ_MOIYNTY', 'KZ_ZHEZKAZGAN').routes[0];
    expect(route?.legs.map((l) => l.to.id)).toEqual(['KZ_ZHARYK', 'KZ_ZHEZKAZGAN']);
    expect(route?.distanceKm).toBe(638);
  });
});

describe('distance basis', () => {
  it('every rail link of the embedded network says how its length was obtained, and cited ones cite', () => {
    const all = distanceBasisShares(embedded).find((r) => r.country === 'all');
    expect(all?.byBasis.unstated).toBe(0);
    for (const l of embedded.links) {
      if (l.distanceBasis === 'sourced') expect(l.source, l.id).toMatch(/https?:\/\//);
      if (l.distanceBasis === 'estimate' && l.mode !== 'ferry') expect(l.source, l.id).toMatch(/^estimate/);
    }
  });

  it('counts a cross-border link for both countries', () => {
    const network = inlineNetwork(
      [
        { id: 'KZ_A', lat: 45, lon: 80 },
        { id: 'CN_B', lat: 45, lon: 81 },
      ],
      [
        {
          from: 'KZ_A',
          to: 'CN_B',
          distanceKm: 90,
          distanceBasis: 'sourced',
          source: 'https://example.org/line',
        },
      ],
    );
    const shares = distanceBasisShares(network);
    expect(shares.map((r) => [r.country, r.railLinks, r.citedShare])).toEqual([
      ['all', 1, 1],
      ['CN', 1, 1],
      ['KZ', 1, 1],
    ]);
  });
});
