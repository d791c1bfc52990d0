/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The planner page's states, shared by the phone and desktop entry files (each its own file, so the two sizes
 * run in parallel): each state a planner meets (first load, a plan with alternatives, a typo, an unknown city,
 * no route, each language, a departure date, disruptions, the matrix, reachability) checked for what is shown
 * and run through axe-core.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  NO_ROUTE,
  PLAN,
  type PlannerHarness,
  type RoutePlan,
  type Size,
  TYPO,
  UNKNOWN_CITY,
  usePlannerPage,
} from './planner-harness.js';

/** Kilometres as the page writes them in English: whole, grouped (public/i18n.js). */
const wholeKm = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

interface TimedPlan {
  routes: {
    arrival: { p10: string; p50: string; p90: string };
    onTimeProbability?: number;
    legs: { mode: string; departsAt?: string }[];
  }[];
}

/** Registers the states at one size; `extra` adds tests of that size alone, over the same server and browser. */
export function describePlannerStates(size: Size, extra?: (harness: PlannerHarness) => void): void {
  describe('planner page states', () => {
    const harness = usePlannerPage();
    const { open, axe, shot, routesFor, consoleErrors, base, addDisruption, endDisruption } = harness;
    const api = async <T>(path: string): Promise<T> => (await (await fetch(`${base()}${path}`)).json()) as T;
    const inView = (page: Page, selector: string) =>
      page.waitForFunction((sel) => {
        const box = document.querySelector(sel)?.getBoundingClientRect();
        return box && box.top >= 0 && box.bottom <= window.innerHeight;
      }, selector);
    /** Types into a place combobox and takes the first suggestion by keyboard. */
    const choose = async (page: Page, input: string, text: string) => {
      await page.focus(input);
      await page.keyboard.type(text);
      await page.waitForSelector(`${input.replace('-input', '')}-options li`);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
    };
    describe(`at ${size} size`, () => {
      it('first load: the network map, the form, no violation', async () => {
        const page = await open('/', size);
        await page.waitForSelector('#map svg g.network path');
        expect(await page.isVisible('#intro')).toBe(true);
        // The country checkboxes are folded away: nothing but the presets stands between the places and Plan.
        expect(await page.isVisible('#avoid-list')).toBe(false);
        await axe(page, `first load (${size})`);
        await shot(page, `landing-${size}`);
        await page.close();
      });

      it('a plan with alternatives: compared, drawn, detailed; focus and scroll go to the answer', async () => {
        const page = await open('/', size);
        await page.fill('#origin', "Xi'an");
        await page.fill('#destination', 'Duisburg');
        await page.click('.preset[data-avoid="RU,BY"]');
        await page.click('#plan');
        await page.waitForSelector('#legs tbody tr.leg-row');
        // Focus is on the answer's heading and the heading is on screen, not under the form.
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('answer-heading');
        await page.waitForFunction(() => {
          const box = document.querySelector('#answer-heading')?.getBoundingClientRect();
          return box && box.top >= 0 && box.bottom <= window.innerHeight;
        });
        const onTop = await page.evaluate(() => {
          const h = document.querySelector('#answer-heading') as HTMLElement;
          const box = h.getBoundingClientRect();
          return h.contains(document.elementFromPoint(box.left + 5, box.top + box.height / 2));
        });
        expect(onTop).toBe(true);

        const plan = await routesFor("/?origin=Xi'an&destination=Duisburg&avoid=BY,RU&alternatives=2");
        expect(plan.routes.length).toBeGreaterThan(1);
        // Comparison: a column per route, the first named by the criterion.
        const heads = await page.$$eval('#compare thead th.route-col', (ths) =>
          ths.map((th) => th.textContent),
        );
        expect(heads).toHaveLength(plan.routes.length);
        expect(heads[0]).toMatch(/fastest/);
        // Map: a path per leg of every route; ferry legs dashed, road legs dotted; avoided countries hatched.
        const best = plan.routes[0] as RoutePlan['routes'][number];
        expect(await page.$$eval('#map path.leg[data-route="0"]', (p) => p.length)).toBe(best.legs.length);
        const allLegs = plan.routes.reduce((n, r) => n + r.legs.length, 0);
        expect(await page.$$eval('#map path.leg', (p) => p.length)).toBe(allLegs);
        const dashes = await page.$$eval('#map path.leg', (paths) =>
          paths.map((p) => [p.getAttribute('data-mode'), p.getAttribute('stroke-dasharray')]),
        );
        for (const [mode, dash] of dashes) {
          if (mode === 'ferry') expect(dash).toBe('9 6');
          else if (mode === 'road') expect(dash).toBe('1 7');
          else expect(dash).toBeNull();
        }
        expect(
          await page.$$eval('#map path.avoided', (p) => p.map((x) => x.getAttribute('data-country')).sort()),
        ).toEqual(['BY', 'RU']);
        // Legs table: every leg of the best route, totals equal to the route's.
        expect(await page.$$eval('#legs tbody tr.leg-row', (r) => r.length)).toBe(best.legs.length);
        const total = await page.textContent('#legs tfoot .total-distance');
        expect(Number(total?.replace(/[^\d]/g, ''))).toBe(Math.round(best.distanceKm));
        expect(await page.textContent('#legs tfoot .total-time')).toMatch(/^\d+ d( \d+ h)? /);
        expect(await page.textContent('#legs')).toMatch(/Border .* at /);
        // No placeholder or missing value reaches the page.
        expect(await page.textContent('main')).not.toMatch(/\bnull\b|\bundefined\b|\bNaN\b/);
        // The address is the plan.
        const url = new URL(page.url());
        expect(url.searchParams.get('origin')).toBe("Xi'an");
        expect(url.searchParams.get('avoid')).toBe('BY,RU');
        await axe(page, `plan (${size})`);
        await shot(page, `plan-${size}`);
        await page.close();
      });

      it('a typo: "did you mean", a button that says what it does, the field keeps the name', async () => {
        const page = await open(TYPO, size);
        await page.waitForSelector('#problem .suggestion');
        expect(await page.textContent('#problem')).toContain('No place called “Constansa”');
        expect(await page.textContent('#problem')).not.toMatch(/null|undefined|RO_CONSTANTA/);
        expect(await page.textContent('#problem .suggestion')).toMatch(/^Use Constan[tț]a Port \(Romania\)$/);
        await axe(page, `typo (${size})`);
        await shot(page, `typo-${size}`);
        await page.click('#problem .suggestion');
        await page.waitForSelector('#legs tbody tr.leg-row');
        expect(new URL(page.url()).searchParams.get('origin')).toBe('RO_CONSTANTA');
        expect(await page.inputValue('#origin')).toMatch(/^Constan[tț]a Port$/);
        await page.close();
      });

      it('an unknown city: the nearest terminals offered', async () => {
        const page = await open(UNKNOWN_CITY, size);
        await page.waitForSelector('#problem .suggestion');
        const buttons = await page.$$eval('#problem .suggestion', (b) => b.map((x) => x.textContent));
        expect(buttons.length).toBeGreaterThan(0);
        for (const b of buttons) expect(b).toMatch(/^Use .+ \(China, [\d,]+ km away\)$/);
        expect(await page.textContent('#problem')).toContain('GeoNames');
        await axe(page, `unknown city (${size})`);
        await shot(page, `unknown-city-${size}`);
        await page.close();
      });

      it('no route: relaxations with the cost of each, cheapest first, phrased as lifting the user’s own exclusions', async () => {
        const page = await open(NO_ROUTE, size);
        await page.waitForSelector('#problem .relax');
        await page.waitForFunction(() =>
          [...document.querySelectorAll('#problem .relax')].every((b) => / km, /.test(b.textContent ?? '')),
        );
        const labels = await page.$$eval('#problem .relax', (b) => b.map((x) => x.textContent ?? ''));
        for (const l of labels) expect(l).toMatch(/^Lift your exclusion of .+: [\d,]+ km, \d+ d( \d+ h)?$/);
        const days = labels.map((l) => {
          const m = /(\d+) d(?: (\d+) h)?$/.exec(l);
          return Number(m?.[1]) * 24 + Number(m?.[2] ?? 0);
        });
        expect(days).toEqual([...days].sort((a, b) => a - b));
        expect(await page.textContent('#problem')).toContain('This lifts your own exclusion');
        await axe(page, `no route (${size})`);
        await shot(page, `no-route-${size}`);
        await page.close();
      });

      it('a shared link: focus and scroll go to the answer, below the form on a phone', async () => {
        const page = await open(PLAN, size);
        await page.waitForSelector('#legs tbody tr.leg-row');
        await inView(page, '#answer-heading');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('answer-heading');
        await page.close();
      });

      it('a departure date: arrival range bars, the sailing each ferry catches, on-time chance, the best day', async () => {
        const path = `${PLAN}&departAt=2026-12-05&arriveBy=2027-01-10`;
        const page = await open(path, size);
        await page.waitForSelector('#legs tbody tr.leg-row');
        expect(await page.inputValue('#depart-at')).toBe('2026-12-05');
        expect(await page.inputValue('#arrive-by')).toBe('2027-01-10');
        const url = new URL(page.url());
        expect(url.searchParams.get('departAt')).toBe('2026-12-05');
        expect(url.searchParams.get('arriveBy')).toBe('2027-01-10');
        const plan = await api<TimedPlan>(`/routes?${new URLSearchParams(path.slice(2))}&optimize=time`);
        const dates = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
        const day = (iso: string) => dates.format(new Date(iso));
        // A bar per route in the comparison, its figures as text: p10–p90 and the most likely day.
        const cells = await page.$$eval('#compare .arrival', (a) => a.map((x) => x.textContent ?? ''));
        expect(cells).toHaveLength(plan.routes.length);
        for (const [n, r] of plan.routes.entries()) {
          expect(cells[n]).toContain(`${day(r.arrival.p10)} – ${day(r.arrival.p90)}`);
          expect(cells[n]).toContain(`most likely ${day(r.arrival.p50)}`);
        }
        expect(await page.$$eval('#compare .range-bar rect.median', (r) => r.length)).toBe(
          plan.routes.length,
        );
        // The on-time chance, per route.
        const onTime = await page.$eval('#compare', (t) =>
          [...t.querySelectorAll('tbody tr')]
            .find((tr) => tr.querySelector('th')?.textContent?.startsWith('On time by'))
            ?.textContent?.trim(),
        );
        expect(onTime).toContain(`${Math.round((plan.routes[0]?.onTimeProbability ?? -1) * 100)}%`);
        // The route view: the range, and each ferry's sailing (the ferry leg's departure).
        expect(await page.textContent('#route-panel .figure.arrival')).toMatch(/8 in 10 arrive between/);
        const ferryLegs = (plan.routes[0]?.legs ?? []).filter((l) => l.mode === 'ferry');
        expect(ferryLegs.length).toBeGreaterThan(0);
        const sailings = await page.$$eval('#route-panel .ferries .sailing', (s) =>
          s.map((x) => x.textContent),
        );
        expect(sailings).toHaveLength(ferryLegs.length);
        const times = new Intl.DateTimeFormat('en-GB', {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: 'UTC',
        });
        for (const [n, leg] of ferryLegs.entries()) {
          expect(sailings[n]).toContain(times.format(new Date(leg.departsAt ?? '')));
        }
        expect(await page.$$eval('#legs .sailing', (s) => s.length)).toBe(ferryLegs.length);
        await axe(page, `departure date (${size})`);
        await shot(page, `departure-date-${size}`);
        await shot(page, `departure-route-${size}`, { selector: '#route-detail' });

        // The best departure day over a week.
        await page.selectOption('#departures-days', '7');
        await page.click('#departures-run');
        await page.waitForSelector('#departures-table tbody tr');
        const week = await api<{ departures: { date: string; arrival: Record<string, string> }[] }>(
          `/departures?origin=Xi'an&destination=Duisburg&avoid=BY,RU&optimize=time&arriveBy=2027-01-10&from=2026-12-05&days=7`,
        );
        expect(week.departures).toHaveLength(7);
        const rows = await page.$$eval('#departures-table tbody tr', (r) =>
          r.map((x) => x.getAttribute('data-date')),
        );
        expect(rows).toEqual(week.departures.map((d) => d.date));
        const earliest = (key: string) =>
          week.departures.reduce((a, b) =>
            Date.parse(b.arrival[key] ?? '') < Date.parse(a.arrival[key] ?? '') ? b : a,
          ).date;
        expect(await page.getAttribute('#departures-table tr.best-p50', 'data-date')).toBe(earliest('p50'));
        expect(await page.getAttribute('#departures-table tr.best-p90', 'data-date')).toBe(earliest('p90'));
        expect(await page.textContent('#departures-out .best-p50')).toContain(
          `leave on ${dates.format(new Date(`${earliest('p50')}T00:00:00Z`))}`,
        );
        await axe(page, `best departure day (${size})`);
        await shot(page, `departures-${size}`, { selector: '#departures' });
        await page.close();
      }, 180_000);

      it('disruptions: drawn on the map apart from advisories, listed, and the move explained in words', async () => {
        const now = Date.now();
        const closure = await addDisruption({
          target: { kind: 'node', id: 'KZ_AKTAU' },
          effect: 'closed',
          startsAt: new Date(now - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
          endsAt: new Date(now + 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
          reason: 'storm',
          source: 'https://example.org/aktau-notice',
        });
        try {
          const page = await open(PLAN, size);
          await page.waitForSelector('#legs tbody tr.leg-row');
          const until = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
            new Date(now + 30 * 86_400_000),
          );
          // Listed, and drawn at Aktau as a disruption marker (not an advisory triangle).
          expect(await page.textContent('#disruptions-list')).toContain(
            `Aktau Port closed until ${until} (storm)`,
          );
          expect(await page.$$eval('#map g.disruption[data-target="KZ_AKTAU"]', (g) => g.length)).toBe(1);
          expect(await page.$$eval('#map g.disruption path[fill="#b3261e"]', (g) => g.length)).toBe(0);
          expect(await page.textContent('#legend')).toContain('Disruption in force');
          // The plan moved off Aktau: the page says so, as the API does.
          const plan = await api<{ disruptionsAvoided?: { target: { id: string } }[] }>(
            "/routes?origin=Xi'an&destination=Duisburg&avoid=BY,RU&alternatives=2&optimize=time",
          );
          expect(plan.disruptionsAvoided?.map((d) => d.target.id)).toEqual(['KZ_AKTAU']);
          expect(await page.textContent('#answer-notes')).toContain(
            `Moved off Aktau Port: Aktau Port closed until ${until} (storm)`,
          );
          await axe(page, `disruptions (${size})`);
          await shot(page, `disruptions-${size}`);
          await shot(page, `disruptions-map-${size}`, { selector: '.map-figure' });
          await shot(page, `disruptions-list-${size}`, { selector: '#disruptions' });
          await page.close();
        } finally {
          await endDisruption(closure);
        }
      });

      it('the matrix between hubs: days, km and CO2e per cell, no-route cells explained, CSV', async () => {
        const page = await open('/?avoid=BY,RU,TR', size);
        await choose(page, '#matrix-origins-input', "Xi'an");
        await page.waitForSelector('#matrix-origins-chips .chip');
        await choose(page, '#matrix-origins-input', 'Almaty');
        await choose(page, '#matrix-destinations-input', 'Duisburg');
        await choose(page, '#matrix-destinations-input', 'Halkali');
        await page.waitForFunction(
          () => document.querySelectorAll('#matrix-destinations-chips .chip').length === 2,
        );
        await page.click('#matrix-run');
        await page.waitForSelector('#matrix-table tbody tr');
        const origins = await page.$$eval('#matrix-origins-chips .chip', (c) =>
          c.map((x) => x.getAttribute('data-code')),
        );
        const destinations = await page.$$eval('#matrix-destinations-chips .chip', (c) =>
          c.map((x) => x.getAttribute('data-code')),
        );
        const query = `origins=${origins.join(',')}&destinations=${destinations.join(',')}&avoid=BY,RU,TR&optimize=time`;
        const m = await api<{
          distanceKm: (number | null)[][];
          unreachable: (string | null)[][];
        }>(`/matrix?${query}`);
        const rows = await page.$$eval('#matrix-table tbody tr', (trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
        );
        expect(rows).toHaveLength(origins.length);
        let explained = 0;
        for (const [r, row] of rows.entries()) {
          for (const [c, text] of row.entries()) {
            if (m.unreachable[r]?.[c]) {
              explained++;
              expect(text).toBe('no route: one end is in a country you avoid');
            } else {
              // The page writes whole kilometres (i18n.js `km`), the API one decimal.
              expect(text).toContain(`${wholeKm.format(m.distanceKm[r]?.[c] ?? 0)} km`);
              expect(text).toMatch(/\d+ d/);
            }
          }
        }
        expect(explained).toBe(origins.length);
        await axe(page, `matrix (${size})`);
        await shot(page, `matrix-${size}`, { selector: '#matrix' });
        const [file] = await Promise.all([page.waitForEvent('download'), page.click('#matrix-csv')]);
        const csv = readFileSync((await file.path()) ?? '', 'utf8');
        const expected = await (await fetch(`${base()}/matrix?${query}&format=csv`)).text();
        expect(csv).toBe(expected);
        expect(file.suggestedFilename()).toMatch(/^matrix-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/);
        await page.close();
      });

      it('reachability: the places a container reaches in N days shaded on the map, with a legend', async () => {
        const page = await open('/?avoid=BY,RU', size);
        await choose(page, '#reach-origin', "Xi'an");
        await page.fill('#reach-days', '18');
        await page.click('#reach-run');
        await page.waitForSelector('#map g.reach circle');
        const reach = await api<{ features: { properties: { id: string } }[] }>(
          '/reachability?origin=CN_XIAN&maxHours=432&avoid=BY,RU&format=geojson',
        );
        const shaded = await page.$$eval('#map g.reach circle', (c) =>
          c.map((x) => x.getAttribute('data-node')),
        );
        expect(shaded.sort()).toEqual(reach.features.map((f) => f.properties.id).sort());
        expect(await page.textContent('#reach-out')).toContain(
          `${reach.features.length} places reachable within 18 d`,
        );
        expect(await page.textContent('#legend')).toContain('Reachable in the time given');
        expect(await page.$$eval('#reach-out .reach-band', (b) => b.length)).toBe(3);
        await axe(page, `reachability (${size})`);
        await shot(page, `reachability-${size}`, { selector: '.map-figure' });
        await shot(page, `reachability-controls-${size}`, { selector: '#reach' });
        await page.click('#reach-clear');
        expect(await page.$$eval('#map g.reach circle', (c) => c.length)).toBe(0);
        await page.close();
      });

      for (const lang of ['ru', 'zh'] as const) {
        it(`in ${lang}: page text, country names and units in the language`, async () => {
          const page = await open(`${PLAN}&lang=${lang}`, size);
          await page.waitForSelector('#legs tbody tr.leg-row');
          expect(await page.getAttribute('html', 'lang')).toMatch(new RegExp(`^${lang}`));
          const expected =
            lang === 'ru'
              ? { plan: 'Построить маршрут', country: 'Германия', unit: /сут/, matrix: 'Построить таблицу' }
              : { plan: '规划路线', country: '德国', unit: /天/, matrix: '生成表格' };
          expect(await page.textContent('#plan')).toBe(expected.plan);
          expect(await page.textContent('#matrix-run')).toBe(expected.matrix);
          expect(await page.textContent('#compare')).toContain(expected.country);
          expect(await page.textContent('#compare')).toMatch(expected.unit);
          await axe(page, `${lang} (${size})`);
          await shot(page, `plan-${lang}-${size}`);
          await page.close();
        });
      }
    });

    extra?.(harness);

    it('logs no console errors', () => {
      expect(consoleErrors).toEqual([]);
    });
  });
}
