/**
 * Backtests: the model replays published periods on the embedded network and its p10-p90 range over the
 * period's departure days contains the figures published for them. Each case names its source; the same list
 * is in graph-data/README.md ("Timing: backtests").
 */
import { describe, expect, it } from 'vitest';
import { type DeparturePlan, loadNetwork, planDepartures } from '../../src/domain/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

const network = loadNetwork(EMBEDDED_DIR);

/** The period's range: the lowest p10 and highest p90 over its departure days, and the median of their p50s. */
function periodRange(plan: DeparturePlan) {
  const p50s = plan.departures.map((d) => d.durationDays.p50).sort((a, b) => a - b);
  return {
    p10: Math.min(...plan.departures.map((d) => d.durationDays.p10)),
    p50: p50s[Math.floor(p50s.length / 2)] as number,
    p90: Math.max(...plan.departures.map((d) => d.durationDays.p90)),
  };
}

describe('backtests against published periods', () => {
  it('2024 official TITR schedule: Altynkol to Constanța via Aktau and Poti in 20-22 days', () => {
    // Source: TITR working group, Shymkent, May 2024 (https://en.trend.az/casia/kazakhstan/3906462.html) and the
    // Kazakh Ministry of Transport, October 2024 (https://kaztag.info/en/news/container-transit-from-china-via-trans-caspian-route-has-increased-20-fold-ministry-of-transport-of-).
    const plan = planDepartures(network, 'KZ_ALTYNKOL', 'RO_CONSTANTA', {
      via: ['KZ_AKTAU', 'GE_POTI'],
      from: '2024-06-01',
      days: 31,
    });
    const range = periodRange(plan);
    expect(range.p10).toBeLessThanOrEqual(20);
    expect(range.p90).toBeGreaterThanOrEqual(22);
    // A recorded disagreement: with the Aktau-Alat feeders at about 7 sailings a week (links/caspian-ferries.json,
    // from the fleet's yearly capacity) the typical day is up to a day faster than the published schedule,
    // which suggests that port handling at Aktau or Kazakh running times are underestimated. Drawing port and
    // gauge handling from the spreads of dwell.json (handling) did not close the gap: those spreads are about
    // symmetric around the figures the schedule is already timed with. No sourced congestion or season record
    // explains the gap either: none covers this route in June 2024 (the Khorgos congestion of August 2024 lies
    // before its origin, Aktau's June weather share is 2 %). When the median reaches the schedule,
    // this record is out of date: assert 20 <= p50 <= 22 instead.
    expect(range.p50).toBeGreaterThan(18.5);
    expect(range.p50).toBeLessThan(20);
  });

  it('August-October 2024: Xi’an to Duisburg avoiding RU and BY averaged 30 days', () => {
    // Source: azerbaijan.us, September 2025 (https://azerbaijan.us/?p=10205), as quoted in the corridor's
    // reference notes (not read at the source).
    for (const from of ['2024-08-01', '2024-09-01', '2024-10-01']) {
      const plan = planDepartures(network, 'CN_XIAN', 'DE_DUISBURG', {
        avoid: ['RU', 'BY'],
        via: ['KZ_DOSTYK', 'KZ_AKTAU'],
        from,
        days: 31,
      });
      const range = periodRange(plan);
      expect(range.p10, from).toBeLessThanOrEqual(30);
      expect(range.p90, from).toBeGreaterThanOrEqual(30);
    }
  });

  it('late 2024 at Aktau: waits of up to 30 days in November', () => {
    // Source: containers waited at Aktau up to 30 days in November 2024 (azerbaijan.us, September 2025,
    // https://azerbaijan.us/?p=10205, quoted in the reference notes); Kuryk closed by weather about half of
    // November and December (port director, December 2024). "Up to" is the tail of the waits, so the model's
    // p90 wait over its own September median (no congestion) must be of that order: at least two thirds of the
    // reported 30 days, and no more than 30 days plus one storm week.
    const september = periodRange(
      planDepartures(network, 'CN_XIAN', 'AZ_ALAT', {
        via: ['KZ_DOSTYK', 'KZ_AKTAU'],
        from: '2024-09-01',
        days: 21,
      }),
    );
    const november = periodRange(
      planDepartures(network, 'CN_XIAN', 'AZ_ALAT', {
        via: ['KZ_DOSTYK', 'KZ_AKTAU'],
        from: '2024-10-25',
        days: 21,
      }),
    );
    const tail = november.p90 - september.p50;
    expect(tail).toBeGreaterThanOrEqual(20);
    expect(tail).toBeLessThanOrEqual(37);
    expect(november.p50).toBeGreaterThan(september.p50 + 5);
  });

  it('Xi’an to Baku by the daily block train: about 12 days from July 2024; 17 and 16 days in December 2025 and January 2026', () => {
    // Sources: China Railway via ECNS, 2024-07-03 (http://www.ecns.cn/news/cns-wire/2024-07-03/detail-ihecxmxh6562531.shtml):
    // one train a day from 1 July 2024, about 12 days; average transit 17 days in December 2025 (11 trains) and
    // 16 days in January 2026 (8 trains), Beijing Trans Eurasia International Logistics via Trend, 2026-01-24
    // (https://www.trend.az/business/4145509.html). The trains leave on the departures of graph-data/block-trains.json.
    const month = (from: string) =>
      periodRange(
        planDepartures(network, 'CN_XIAN', 'AZ_ALAT', { via: ['CN_KHORGOS', 'KZ_AKTAU'], from, days: 31 }),
      );
    for (const [from, days] of [
      ['2024-07-01', 12],
      ['2025-12-01', 17],
      ['2026-01-01', 16],
    ] as const) {
      const range = month(from);
      expect(range.p10, from).toBeLessThanOrEqual(days);
      expect(range.p90, from).toBeGreaterThanOrEqual(days);
    }
  });

  it('2022 congestion at Dostyk: the crossing took 76-83 h against 45-48 h in 2019', () => {
    // Source: CAREC CPMM rail border-crossing times at Alashankou-Dostyk (https://cpmm.carecprogram.org/?p=130,
    // https://cpmm.carecprogram.org/?p=403), as graph-data/dwell.json records them. The model's typical
    // Xi'an-Alat transit grows between 2019 and 2022 by the published growth of the crossing.
    const year = (from: string) =>
      periodRange(
        planDepartures(network, 'CN_XIAN', 'AZ_ALAT', { via: ['KZ_DOSTYK', 'KZ_AKTAU'], from, days: 21 }),
      );
    const growth = year('2022-06-01').p50 - year('2019-06-01').p50;
    expect(growth).toBeGreaterThanOrEqual((76 - 48) / 24 - 0.5);
    expect(growth).toBeLessThanOrEqual((83 - 45) / 24 + 0.5);
  });
});
