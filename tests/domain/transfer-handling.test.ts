/**
 * Mode- and gauge-change handling is charged where the change happens and nowhere else: a train passing a
 * port or a gauge-change station on its own gauge pays none; a ferry pays loading and unloading at its ports;
 * a truck leg pays the transfer at the railhead it meets (the parameters' default where the node has none).
 */
import { describe, expect, it } from 'vitest';
import { findRoutes } from '../../src/domain/index.js';
import { inlineNetwork, PARAMETERS } from '../helpers/inline-network.js';

const parameters = {
  ...PARAMETERS,
  transferHours: {
    default: { value: 24, source: 'test' },
    byKind: { port: { value: 36, source: 'test' }, 'gauge-change': { value: 20, source: 'test' } },
  },
};
const hours = (network: ReturnType<typeof inlineNetwork>, a: string, b: string) =>
  findRoutes(network, a, b, { optimize: 'time' }).routes[0]?.legs.map((l) => l.dwellHours);

describe('transfer handling', () => {
  const port = inlineNetwork(
    [
      { id: 'KZ_A', lat: 44, lon: 50 },
      { id: 'KZ_P', lat: 44, lon: 51, kinds: ['rail', 'port'] },
      { id: 'KZ_B', lat: 44, lon: 52 },
      { id: 'AZ_Q', lat: 40, lon: 50, kinds: ['rail', 'port'], transferHours: 10 },
    ],
    [
      { from: 'KZ_A', to: 'KZ_P', distanceKm: 90 },
      { from: 'KZ_P', to: 'KZ_B', distanceKm: 90 },
      {
        from: 'KZ_P',
        to: 'AZ_Q',
        mode: 'ferry',
        sea: 'caspian',
        distanceKm: 460,
        sailingHours: 20,
        sailingsPerWeek: 7,
      },
    ],
    parameters,
  );

  it('a train through a port pays no port handling', () => {
    expect(hours(port, 'KZ_A', 'KZ_B')).toEqual([0, 0]);
  });

  it('a ferry pays handling at both ports plus the wait for a sailing', () => {
    // 36 h at the port by its kind, 10 h at the other by its own transferHours, 12 h wait (7 a week).
    expect(hours(port, 'KZ_A', 'AZ_Q')).toEqual([0, 36 + 10 + 12]);
  });

  const railhead = inlineNetwork(
    [
      { id: 'CN_K', lat: 39.5, lon: 76 },
      { id: 'CN_U', lat: 43.8, lon: 87.6 },
      { id: 'KG_O', lat: 40.5, lon: 72.8 },
    ],
    [
      { from: 'CN_U', to: 'CN_K', distanceKm: 1600 },
      { from: 'CN_K', to: 'KG_O', mode: 'road', distanceKm: 500 },
    ],
    parameters,
  );

  it('a truck leg pays the default transfer at the railhead it leaves (rail to road)', () => {
    expect(hours(railhead, 'CN_U', 'KG_O')).toEqual([0, 24]);
  });

  const gauges = inlineNetwork(
    [
      { id: 'CN_C', lat: 45, lon: 83 },
      { id: 'KZ_D', lat: 45.2, lon: 82.5, kinds: ['rail', 'gauge-change'], gauge: 1520 },
      { id: 'KZ_E', lat: 46, lon: 79 },
      { id: 'KZ_F', lat: 44, lon: 82 },
    ],
    [
      { from: 'CN_C', to: 'KZ_D', distanceKm: 50, gauge: 1435 },
      { from: 'KZ_D', to: 'KZ_E', distanceKm: 300, gauge: 1520 },
      { from: 'KZ_D', to: 'KZ_F', distanceKm: 200, gauge: 1520 },
    ],
    parameters,
  );

  it('the transhipment is paid by the link of the other gauge, once per change', () => {
    expect(hours(gauges, 'CN_C', 'KZ_E')).toEqual([20, 0]);
    expect(hours(gauges, 'KZ_F', 'KZ_E')).toEqual([0, 0]);
    expect(hours(gauges, 'KZ_E', 'CN_C')).toEqual([0, 20]);
  });
});
