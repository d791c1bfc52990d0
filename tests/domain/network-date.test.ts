/**
 * The network on a date, on an inline network: a planned link routes from its opening day, a closed one until
 * its closing day, a planned link without a date never; the plan echoes the day, which defaults to the clock's.
 */
import { describe, expect, it } from 'vitest';
import { findRoutes, isOpenOn } from '../../src/domain/index.js';
import { domainErrorOf } from '../helpers/domain-error.js';
import { inlineNetwork } from '../helpers/inline-network.js';

// CN_A to UZ_D: the long way through KZ in service, a shortcut through KG planned to open on 2030-01-01, an
// old line through TJ closed from 2020-03-01, and a planned line through AF with no date.
const network = inlineNetwork(
  [
    { id: 'CN_A', lat: 40, lon: 75 },
    { id: 'KZ_B', lat: 41, lon: 74 },
    { id: 'KG_C', lat: 40.5, lon: 74 },
    { id: 'TJ_E', lat: 40, lon: 73.5 },
    { id: 'AF_F', lat: 39.5, lon: 74 },
    { id: 'UZ_D', lat: 40.5, lon: 73 },
  ],
  [
    { from: 'CN_A', to: 'KZ_B', distanceKm: 1200 },
    { from: 'KZ_B', to: 'UZ_D', distanceKm: 400 },
    { from: 'CN_A', to: 'KG_C', distanceKm: 450, status: 'planned', opensOn: '2030-01-01' },
    { from: 'KG_C', to: 'UZ_D', distanceKm: 450, status: 'planned', opensOn: '2030-01-01' },
    { from: 'CN_A', to: 'TJ_E', distanceKm: 700, closedOn: '2020-03-01' },
    { from: 'TJ_E', to: 'UZ_D', distanceKm: 300, status: 'closed', closedOn: '2020-03-01' },
    { from: 'CN_A', to: 'AF_F', distanceKm: 400, status: 'planned' },
    { from: 'AF_F', to: 'UZ_D', distanceKm: 300, status: 'planned' },
  ],
);
const countriesOn = (networkDate: string) =>
  findRoutes(network, 'CN_A', 'UZ_D', { networkDate }).routes[0]?.countries;

describe('networkDate', () => {
  it('routes over a planned link from its opening day on, never before', () => {
    expect(countriesOn('2029-12-31')).toEqual(['CN', 'KZ', 'UZ']);
    expect(countriesOn('2030-01-01')).toEqual(['CN', 'KG', 'UZ']);
    expect(countriesOn('2035-06-15')).toEqual(['CN', 'KG', 'UZ']);
  });

  it('routes over a link until the day before it closed', () => {
    expect(countriesOn('2020-02-29')).toEqual(['CN', 'TJ', 'UZ']);
    expect(countriesOn('2020-03-01')).toEqual(['CN', 'KZ', 'UZ']);
  });

  it('never routes over a planned link without an opening date', () => {
    for (const date of ['2019-01-01', '2026-12-01', '2099-01-01'])
      expect(countriesOn(date)).not.toContain('AF');
  });

  it('echoes the day, and defaults to the clock day (UTC)', () => {
    const plan = findRoutes(network, 'CN_A', 'UZ_D', { clock: () => new Date('2030-01-01T00:30:00+02:00') });
    // 00:30 at +02:00 is still 31 December in UTC.
    expect(plan.networkDate).toBe('2029-12-31');
    expect(plan.routes[0]?.countries).toEqual(['CN', 'KZ', 'UZ']);
    expect(findRoutes(network, 'CN_A', 'UZ_D', { networkDate: '2031-01-01' }).networkDate).toBe('2031-01-01');
  });

  it('compares with the best route on the same day', () => {
    const plan = findRoutes(network, 'CN_A', 'UZ_D', { networkDate: '2031-01-01', avoid: ['KG'] });
    expect(plan.routes[0]?.comparedToUnconstrained?.extraDistanceKm).toBe(700);
  });

  it('refuses a day that does not exist, naming the parameter', () => {
    const e = domainErrorOf(() => findRoutes(network, 'CN_A', 'UZ_D', { networkDate: '2030-02-30' }));
    expect(e.code).toBe('INVALID_PARAMETER');
    expect(e.details).toMatchObject({ parameter: 'networkDate', value: '2030-02-30' });
  });

  it('reads link openness from status and dates', () => {
    const planned = { status: 'planned' as const, opensOn: '2030-01-01' };
    expect(isOpenOn(planned, '2029-12-31')).toBe(false);
    expect(isOpenOn(planned, '2030-01-01')).toBe(true);
    expect(isOpenOn({ status: 'suspended' as const, opensOn: '2000-01-01' }, '2030-01-01')).toBe(false);
    expect(isOpenOn({ status: 'in-service' as const }, '1900-01-01')).toBe(true);
  });
});
