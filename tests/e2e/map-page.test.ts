/**
 * The planner page in a real browser: starts the server on 127.0.0.1 with the embedded network and drives
 * headless Chromium at phone (390×844) and desktop (1440×900) sizes. Each state (first load, a plan with
 * alternatives, a typo, an unknown city, no route, each language) is checked for what a planner sees and
 * run through axe-core (WCAG 2.1 A and AA rules: no violation allowed). Screenshots go to
 * tests/e2e/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadNetwork } from '../../src/domain/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshots = new URL('./screenshots/', import.meta.url).pathname;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const SIZES = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1440, height: 900 },
} as const;
type Size = keyof typeof SIZES;

const PLAN = "/?origin=Xi'an&destination=Duisburg&avoid=RU,BY&alternatives=2";
const TYPO = '/?origin=Constansa&destination=Duisburg';
const UNKNOWN_CITY = '/?origin=Shanghai&destination=Duisburg&avoid=RU,BY';
const NO_ROUTE = '/?origin=Xian&destination=Duisburg&avoid=RU,BY,GE,TR,IR&optimize=time';

interface RoutePlan {
  dataVersion: string;
  routes: {
    distanceKm: number;
    durationHours: number;
    legs: { mode: string; linkId: string }[];
    ferries: { sea: string }[];
  }[];
}

describe('planner page', () => {
  let app: FastifyInstance;
  let browser: Browser;
  const contexts: Partial<Record<string, BrowserContext>> = {};
  let base: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // In-process protection: no rate limit, so the suite may plan many routes in a few seconds.
    app = await buildApp({ network: loadNetwork(new URL('../../graph-data', import.meta.url).pathname) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('server did not listen on a port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function context(size: Size, locale = 'en-GB'): Promise<BrowserContext> {
    const key = `${size}-${locale}`;
    contexts[key] ??= await browser.newContext({
      viewport: SIZES[size],
      locale,
      acceptDownloads: true,
      hasTouch: size === 'phone',
    });
    return contexts[key] as BrowserContext;
  }

  /** Opens a page and waits until it has drawn its first state; records console errors. */
  async function open(path: string, size: Size = 'desktop', locale?: string): Promise<Page> {
    const page = await (await context(size, locale)).newPage();
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Problems the test asks for on purpose (404 unknown place, 422 no route) are logged by Chromium.
      if (/status of (404|422)/.test(message.text()) && /\/routes\?/.test(message.location().url)) return;
      consoleErrors.push(`${path}: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${path}: ${error.message}`));
    await page.goto(`${base}${path}`);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  /** Runs axe-core in the page (evaluated over the DevTools protocol, so the page's CSP is untouched). */
  async function axe(page: Page, state: string): Promise<void> {
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async (tags) => {
      const w = window as unknown as {
        axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      };
      const result = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
    }, WCAG_AA);
    expect(violations, `axe violations in ${state}`).toEqual([]);
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

  async function routesFor(path: string): Promise<RoutePlan> {
    const query = new URLSearchParams(path.slice(2));
    query.delete('lang');
    if (!query.has('optimize')) query.set('optimize', 'time');
    return (await (await fetch(`${base}/routes?${query}`)).json()) as RoutePlan;
  }

  for (const size of Object.keys(SIZES) as Size[]) {
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
        const heads = await page.$$eval('#compare thead th.route-col', (ths) => ths.map((th) => th.textContent));
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
  }

  it('keyboard: route tabs follow the arrow keys, markers and the address follow the selected route', async () => {
    const page = await open(PLAN);
    await page.waitForSelector('#route-tab-1');
    await page.focus('#route-tab-0');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('route-tab-1');
    expect(await page.getAttribute('#route-tab-1', 'aria-selected')).toBe('true');
    expect(await page.getAttribute('#route-tab-0', 'tabindex')).toBe('-1');
    expect(await page.getAttribute('#map g.stops', 'data-route')).toBe('1');
    expect(await page.getAttribute('#map g.route.selected', 'data-route')).toBe('1');
    expect(new URL(page.url()).searchParams.get('route')).toBe('1');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('route-tab-2');
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('route-tab-0');
    await page.close();
  });

  it('keyboard: ticking a country and removing a chip keep the focus; the suggestion list closes on Tab', async () => {
    const page = await open('/');
    await page.click('#avoid-summary');
    const box = page.locator('#avoid-list input[value="IR"]');
    await box.focus();
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('IR');
    expect(await page.$$eval('#avoid-chips .chip', (c) => c.map((x) => x.getAttribute('data-code')))).toEqual(['IR']);
    await page.focus('#avoid-chips .chip[data-code="IR"]');
    await page.keyboard.press('Enter');
    expect(await page.$$eval('#avoid-chips .chip', (c) => c.length)).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('preset');

    await page.focus('#origin');
    await page.keyboard.type('Akta');
    await page.waitForSelector('#origin-options li');
    await page.keyboard.press('Tab');
    expect(await page.isVisible('#origin-options')).toBe(false);
    expect(await page.getAttribute('#origin', 'aria-expanded')).toBe('false');
    await page.close();
  });

  it('the map zooms and pans by keyboard, wheel, drag and buttons; labels stay off the legs', async () => {
    const page = await open(PLAN);
    await page.waitForSelector('#map path.leg');
    const zoom = async () => Number(await page.getAttribute('#map', 'data-zoom'));
    expect(await zoom()).toBe(1);
    await page.focus('#map');
    await page.keyboard.press('+');
    await page.waitForFunction(() => Number(document.querySelector('#map')?.getAttribute('data-zoom')) > 1.4);
    const transform = await page.getAttribute('#map g.geo', 'transform');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((t) => document.querySelector('#map g.geo')?.getAttribute('transform') !== t, transform);
    await page.click('#zoom-reset');
    await page.waitForFunction(() => Number(document.querySelector('#map')?.getAttribute('data-zoom')) === 1);
    const box = await page.locator('#map svg').boundingBox();
    if (!box) throw new Error('no map');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(() => Number(document.querySelector('#map')?.getAttribute('data-zoom')) > 1.5);
    const before = await page.getAttribute('#map g.geo', 'transform');
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 5 });
    await page.mouse.up();
    expect(await page.getAttribute('#map g.geo', 'transform')).not.toBe(before);
    await page.click('#zoom-out');
    await page.click('#zoom-in');

    for (const zoomLevel of ['reset', 'in'] as const) {
      if (zoomLevel === 'reset') await page.click('#zoom-reset');
      else await page.click('#zoom-in');
      await page.waitForTimeout(100);
      // No label's box contains a point of a route leg (sampled every 2 px along each drawn leg).
      const hits = await page.evaluate(() => {
        const labels = [...document.querySelectorAll('#map text.sea-label, #map text.place-label, #map text.country-label')].map(
          (t) => ({ text: t.textContent, box: t.getBoundingClientRect() }),
        );
        const found: string[] = [];
        for (const path of document.querySelectorAll<SVGPathElement>('#map path.leg')) {
          const matrix = path.getScreenCTM();
          if (!matrix) continue;
          const length = path.getTotalLength();
          const step = 2 / matrix.a;
          for (let s = 0; s <= length; s += step) {
            const p = new DOMPoint(path.getPointAtLength(s).x, path.getPointAtLength(s).y).matrixTransform(matrix);
            for (const l of labels) {
              const b = l.box;
              if (p.x > b.left + 1 && p.x < b.right - 1 && p.y > b.top + 1 && p.y < b.bottom - 1) found.push(`${l.text}`);
            }
          }
        }
        return [...new Set(found)];
      });
      expect(hits, `labels over legs (${zoomLevel})`).toEqual([]);
    }
    const plan = await routesFor(PLAN);
    const seas = await page.$$eval('#map text.sea-label', (t) => t.map((x) => x.textContent));
    await page.click('#zoom-reset');
    await page.waitForTimeout(100);
    const seasAtStart = await page.$$eval('#map text.sea-label', (t) => t.map((x) => x.textContent));
    expect(seasAtStart).toEqual(expect.arrayContaining((plan.routes[0]?.ferries ?? []).map((f) => f.sea)));
    expect(seas.length).toBeGreaterThanOrEqual(0);
    await page.close();
  });

  it('downloads GeoJSON, CSV and SVG stamped with the data version and the date; prints without the form', async () => {
    const page = await open(PLAN);
    await page.waitForSelector('#legs tbody tr.leg-row');
    const plan = await routesFor(PLAN);
    const today = new Date().toISOString().slice(0, 10);
    const take = async (button: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      const path = await file.path();
      return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
    };
    const csv = await take('#download-csv');
    expect(csv.name).toMatch(/\.csv$/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toContain('data_version,exported_on');
    expect(lines).toHaveLength((plan.routes[0]?.legs.length ?? 0) + 1);
    expect(lines[1]).toContain(`${plan.dataVersion},${today}`);
    const geojson = await take('#download-geojson');
    const parsed = JSON.parse(geojson.text) as { dataVersion: string; exportedOn: string; type: string };
    expect(parsed).toMatchObject({ type: 'FeatureCollection', dataVersion: plan.dataVersion, exportedOn: today });
    const svg = await take('#download-svg');
    expect(svg.text).toMatch(/^<\?xml/);
    expect(svg.text).toContain(plan.dataVersion);
    expect(svg.text).not.toMatch(/<style|\sstyle="/);

    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('#plan-form')).toBe(false);
    expect(await page.isVisible('#compare')).toBe(true);
    await page.pdf({ path: join(screenshots, 'print.pdf') }).catch(() => undefined);
    await shot(page, 'print');
    await page.close();
  });

  it('chooses the language from Accept-Language, and keeps it in the address', async () => {
    const page = await open('/', 'desktop', 'zh-CN');
    expect(await page.textContent('#plan')).toBe('规划路线');
    await page.selectOption('#lang', 'ru');
    expect(await page.textContent('#plan')).toBe('Построить маршрут');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('ru');
    await page.close();
  });

  it('/docs: Swagger UI under the CSP, "Try it out" calls the API on this origin', async () => {
    const page = await (await context('desktop')).newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${base}/docs`);
    await page.waitForSelector('.opblock-summary');
    await page.click('#operations-Service-health .opblock-summary');
    await page.click('button.try-out__btn');
    await page.click('button.execute');
    await page.waitForSelector('.live-responses-table tbody .response-col_status');
    expect(await page.textContent('.live-responses-table tbody .response-col_status')).toContain('200');
    expect(errors.filter((e) => /Content Security Policy/.test(e))).toEqual([]);
    await shot(page, 'docs');
    await page.close();
  });

  it('logs no console errors on any page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
