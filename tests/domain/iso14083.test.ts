import { describe, expect, it } from 'vitest';
import { createNetwork, findRoutes, iso14083Emissions, withIso14083 } from '../../src/domain/index.js';
import { domainErrorOf } from '../helpers/domain-error.js';
import { PARAMETERS, SEAS } from '../helpers/inline-network.js';

// Shares and hub factors chosen for the example, not the embedded network's: the point is the arithmetic.
const ISO = {
  tankToWheelShare: {
    railElectric: { value: 0, dataQuality: 'default', source: 'test' },
    railDiesel: { value: 0.8, dataQuality: 'default', source: 'test' },
    ferry: { value: 0.85, dataQuality: 'estimate', source: 'test' },
    road: { value: 0.8, dataQuality: 'default', source: 'test' },
  },
  hubs: {
    port: { wtwKgPerTonne: 1.4, tankToWheelShare: 0.5, dataQuality: 'estimate', source: 'test' },
    'ferry-terminal': { wtwKgPerTonne: 0.3, tankToWheelShare: 0.8, dataQuality: 'estimate', source: 'test' },
    'gauge-change': { wtwKgPerTonne: 0.8, tankToWheelShare: 0.8, dataQuality: 'estimate', source: 'test' },
    transhipment: { wtwKgPerTonne: 0.6, tankToWheelShare: 0.8, dataQuality: 'estimate', source: 'test' },
  },
  distanceAdjustmentFactor: {
    rail: { value: 1, source: 'test' },
    ferry: { value: 1.05, source: 'test' },
    road: { value: 1, source: 'test' },
  },
  payloadTonnes: {
    teu: { value: 10, dataQuality: 'default', source: 'test' },
    feu: { value: 20, dataQuality: 'estimate', source: 'test' },
  },
};

// KZ_A --diesel rail 1520 mm, 1000 km-- KZ_P (port) ==Caspian ferry 400 km== AZ_Q (port)
//   --electric rail 1520 mm, 500 km-- AZ_G (gauge change) --diesel rail 1435 mm, 300 km-- TR_D
const network = (withIso: boolean) =>
  createNetwork({
    seas: [{ file: 'seas.json', records: SEAS }],
    nodes: [
      {
        file: 'nodes.json',
        records: [
          { id: 'KZ_A', lat: 45, lon: 62, kinds: ['rail'] },
          { id: 'KZ_P', lat: 43.6, lon: 51.2, kinds: ['port', 'rail'] },
          { id: 'AZ_Q', lat: 40.5, lon: 50, kinds: ['port', 'rail'] },
          { id: 'AZ_G', lat: 41, lon: 45, kinds: ['gauge-change', 'rail'] },
          { id: 'TR_D', lat: 40.6, lon: 43.1, kinds: ['rail'] },
        ].map((n) => ({ ...n, name: n.id, aliases: [], country: n.id.slice(0, 2), source: 'test' })),
      },
    ],
    links: [
      {
        file: 'links.json',
        records: [
          { from: 'KZ_A', to: 'KZ_P', mode: 'rail', gauge: 1520, distanceKm: 1000, source: 'test' },
          {
            from: 'KZ_P',
            to: 'AZ_Q',
            mode: 'ferry',
            sea: 'caspian',
            sailingHours: 20,
            sailingsPerWeek: 3,
            distanceKm: 400,
            source: 'test',
          },
          {
            from: 'AZ_Q',
            to: 'AZ_G',
            mode: 'rail',
            gauge: 1520,
            electrified: true,
            distanceKm: 500,
            source: 'test',
          },
          { from: 'AZ_G', to: 'TR_D', mode: 'rail', gauge: 1435, distanceKm: 300, source: 'test' },
        ],
      },
    ],
    parameters: { file: 'parameters.json', records: withIso ? { ...PARAMETERS, iso14083: ISO } : PARAMETERS },
  });

describe('ISO 14083 emissions of a route', () => {
  const net = network(true);
  const route = findRoutes(net, 'KZ_A', 'TR_D').routes[0];
  if (!route) throw new Error('no route');

  it('matches the hand-computed example, element by element and in total', () => {
    const e = iso14083Emissions(net, route);
    // Per tonne of cargo (PARAMETERS: diesel rail 25, ferry 60, electric rail 10 g CO2e/tkm WTW):
    //   leg KZ_A-KZ_P  1000 tkm × 25 g = 25.00 kg: TTW 0.8 × 25 = 20.00, WTT 5.00
    //   hub KZ_P port  1 t × 1.4 kg     =  1.40 kg: TTW 0.70, WTT 0.70
    //   leg KZ_P-AZ_Q  400 km × DAF 1.05 = 420 tkm × 60 g = 25.20 kg: TTW 0.85 × 25.2 = 21.42, WTT 3.78
    //   hub AZ_Q port  1.40 kg: TTW 0.70, WTT 0.70
    //   leg AZ_Q-AZ_G  500 tkm × 10 g = 5.00 kg: TTW 0, WTT 5.00 (electric)
    //   hub AZ_G gauge change 0.8 kg: TTW 0.64, WTT 0.16
    //   leg AZ_G-TR_D  300 tkm × 25 g = 7.50 kg: TTW 6.00, WTT 1.50
    //   total TTW 20 + 0.7 + 21.42 + 0.7 + 0 + 0.64 + 6 = 49.46; WTT 5 + 0.7 + 3.78 + 0.7 + 5 + 0.16 + 1.5 = 16.84
    //   WTW 66.30 (= 25 + 1.4 + 25.2 + 1.4 + 5 + 0.8 + 7.5)
    expect(e.standard).toBe('ISO 14083:2023');
    expect(
      e.elements.map((x) => [
        x.kind,
        x.linkId ?? x.nodeId,
        x.tonneKm ?? x.tonnes,
        x.co2eKg.ttw,
        x.co2eKg.wtt,
      ]),
    ).toEqual([
      ['leg', 'KZ_A--KZ_P--rail', 1000, 20, 5],
      ['hub', 'KZ_P', 1, 0.7, 0.7],
      ['leg', 'KZ_P--AZ_Q--ferry', 420, 21.42, 3.78],
      ['hub', 'AZ_Q', 1, 0.7, 0.7],
      ['leg', 'AZ_Q--AZ_G--rail', 500, 0, 5],
      ['hub', 'AZ_G', 1, 0.64, 0.16],
      ['leg', 'AZ_G--TR_D--rail', 300, 6, 1.5],
    ]);
    expect(e.elements.filter((x) => x.kind === 'hub').map((x) => x.hubType)).toEqual([
      'port',
      'port',
      'gauge-change',
    ]);
    expect(e.elements[2]?.distanceAdjustmentFactor).toBe(1.05);
    expect(e.elements[2]?.intensity).toBe(60);
    expect(e.total).toEqual({ wtw: 66.3, ttw: 49.46, wtt: 16.84 });
  });

  it('wtw = ttw + wtt on every element and in total, and the elements add up to the total exactly', () => {
    const e = iso14083Emissions(net, route, 17.3);
    const c = (x: number) => Math.round(x * 100);
    const sum = { wtw: 0, ttw: 0, wtt: 0 };
    for (const x of e.elements) {
      expect(c(x.co2eKg.wtw)).toBe(c(x.co2eKg.ttw) + c(x.co2eKg.wtt));
      sum.wtw += c(x.co2eKg.wtw);
      sum.ttw += c(x.co2eKg.ttw);
      sum.wtt += c(x.co2eKg.wtt);
    }
    expect(sum).toEqual({ wtw: c(e.total.wtw), ttw: c(e.total.ttw), wtt: c(e.total.wtt) });
    expect(c(e.total.wtw)).toBe(c(e.total.ttw) + c(e.total.wtt));
    expect(e.basis.cargoTonnes).toBe(17.3);
    // 17.3 t: the diesel leg is 17,300 tkm × 25 g = 432.50 kg.
    expect(e.elements[0]?.co2eKg.wtw).toBe(432.5);
  });

  it('reports the chain per TEU and per FEU at the stated default payloads', () => {
    const e = iso14083Emissions(net, route);
    expect(e.basis.payloadTonnesPerTeu).toBe(10);
    expect(e.perContainer.teu).toEqual({ wtw: 663, ttw: 494.6, wtt: 168.4 });
    expect(e.perContainer.feu).toEqual({ wtw: 1326, ttw: 989.2, wtt: 336.8 });
  });

  it('withIso14083 uses the plan’s cargoTonnes', () => {
    const plan = withIso14083(net, findRoutes(net, 'KZ_A', 'TR_D', { cargoTonnes: 2 }));
    expect(plan.routes[0]?.emissions?.total.wtw).toBe(132.6);
  });

  it('a network without ISO 14083 factors refuses, naming the parameter', () => {
    const plain = network(false);
    const r = findRoutes(plain, 'KZ_A', 'TR_D').routes[0];
    if (!r) throw new Error('no route');
    const error = domainErrorOf(() => iso14083Emissions(plain, r));
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.details.parameter).toBe('emissions');
  });
});
