/**
 * The main EU gateways planners ship to (issue 13, item 7) are routable from Xi'an with Russia and Belarus
 * avoided, over the network as embedded: Małaszewicze, Duisburg, Hamburg, Łódź, Budapest, Vienna, Lyon and Paris,
 * Madrid (through the gauge change to 1668 mm at Irún) and Milan (over the Brenner or through Tarvisio).
 */
import { describe, expect, it } from 'vitest';
import { findRoutes, loadNetwork } from '../../src/domain/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

const network = loadNetwork(EMBEDDED_DIR);
const AVOID = ['RU', 'BY'];

function routeTo(destination: string) {
  const r = findRoutes(network, 'CN_XIAN', destination, { avoid: AVOID }).routes[0];
  if (!r) throw new Error(`no route from Xi'an to ${destination} avoiding ${AVOID.join(',')}`);
  return r;
}

const GATEWAYS = [
  'PL_MALASZEWICZE',
  'DE_DUISBURG',
  'DE_HAMBURG',
  'PL_LODZ',
  'HU_BUDAPEST',
  'AT_VIENNA',
  'FR_LYON',
  'FR_PARIS',
  'ES_MADRID',
  'IT_MILAN',
];

describe("EU gateways from Xi'an avoiding Russia and Belarus", () => {
  it.each(GATEWAYS)('%s is reached without touching RU or BY', (gateway) => {
    const r = routeTo(gateway);
    expect(r.legs.at(-1)?.to.id).toBe(gateway);
    const countries = new Set(
      r.legs.flatMap((l) => [l.from.id.slice(0, 2), l.to.id.slice(0, 2), ...l.countries]),
    );
    expect([...countries].filter((c) => AVOID.includes(c))).toEqual([]);
  });

  it('reaches Madrid on Iberian gauge beyond the gauge change at Irún', () => {
    const r = routeTo('ES_MADRID');
    const iberian = r.legs.filter((l) => l.to.id.startsWith('ES_') && l.from.id.startsWith('ES_'));
    expect(iberian.length).toBeGreaterThan(0);
    for (const l of iberian) expect(l.gauge, l.linkId).toBe(1668);
    expect(r.events.some((e) => e.type === 'gauge-change' && e.at.id === 'ES_IRUN')).toBe(true);
    expect(network.nodeById.get('ES_IRUN')?.gauge).toBe(1668);
  });

  it('enters Italy for Milan over an Alpine crossing', () => {
    const r = routeTo('IT_MILAN');
    const entry = r.legs.find((l) => !l.from.id.startsWith('IT_') && l.to.id.startsWith('IT_'));
    expect(
      ['DE_MUNICH--IT_VERONA', 'AT_VILLACH--IT_TRIESTE'].map((id) => id.split('--').sort().join()),
    ).toContain([entry?.from.id, entry?.to.id].sort().join());
  });
});
