/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The planner page's states, shared by the phone and desktop entry files (each its own file, so the two sizes
 * run in parallel): each state a planner meets (first load, a plan with alternatives, a typo, an unknown city,
 * no route, each language, a departure date, disruptions, the matrix, reachability) checked for what is shown
 * and run through axe-core.
 */
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

/** Registers the states at one size; `extra` adds tests of that size alone, over the same server and browser. */
export function describePlannerStates(size: Size, extra?: (harness: PlannerHarness) => void): void {
  describe('planner page states', () => {
    const harness = usePlannerPage();
    const { open, axe, shot, routesFor, consoleErrors } = harness;
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

      for (const lang of ['ru', 'zh'] as const) {
        it(`in ${lang}: page text, country names and units in the language`, async () => {
          const page = await open(`${PLAN}&lang=${lang}`, size);
          await page.waitForSelector('#legs tbody tr.leg-row');
          expect(await page.getAttribute('html', 'lang')).toMatch(new RegExp(`^${lang}`));
          const expected =
            lang === 'ru'
              ? { plan: 'Построить маршрут', country: 'Германия', unit: /сут/ }
              : { plan: '规划路线', country: '德国', unit: /天/ };
          expect(await page.textContent('#plan')).toBe(expected.plan);
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
