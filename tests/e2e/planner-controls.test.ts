/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The planner page's controls in a real browser: route tabs and the country list by keyboard, the map's zoom
 * and pan (keyboard, wheel, drag, buttons) with labels kept off the legs, downloads stamped with the data
 * version, the print layout, the language choice, and Swagger UI's "Try it out" under the CSP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN, usePlannerPage } from './planner-harness.js';

const screenshots = new URL('./screenshots/', import.meta.url).pathname;

describe('planner page controls', () => {
  const { open, shot, routesFor, context, base, consoleErrors, axe, axeViolations } = usePlannerPage();

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
    expect(await page.$$eval('#avoid-chips .chip', (c) => c.map((x) => x.getAttribute('data-code')))).toEqual(
      ['IR'],
    );
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
    await page.waitForFunction(
      (t) => document.querySelector('#map g.geo')?.getAttribute('transform') !== t,
      transform,
    );
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
        const labels = [
          ...document.querySelectorAll('#map text.sea-label, #map text.place-label, #map text.country-label'),
        ].map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }));
        const found: string[] = [];
        for (const path of document.querySelectorAll<SVGPathElement>('#map path.leg')) {
          const matrix = path.getScreenCTM();
          if (!matrix) continue;
          const length = path.getTotalLength();
          const step = 2 / matrix.a;
          for (let s = 0; s <= length; s += step) {
            const p = new DOMPoint(path.getPointAtLength(s).x, path.getPointAtLength(s).y).matrixTransform(
              matrix,
            );
            for (const l of labels) {
              const b = l.box;
              if (p.x > b.left + 1 && p.x < b.right - 1 && p.y > b.top + 1 && p.y < b.bottom - 1)
                found.push(`${l.text}`);
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
    expect(parsed).toMatchObject({
      type: 'FeatureCollection',
      dataVersion: plan.dataVersion,
      exportedOn: today,
    });
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

  it('marks advisories on the map, in the comparison and in the route, with their source and date', async () => {
    // The real answer is taken, its best route given one advisory in the contract's shape (DESIGN.md) and the
    // alternative none, so that what the page draws for each route is known.
    const page = await (await context('desktop')).newPage();
    await page.route('**/routes?*', async (route) => {
      if (route.request().url().includes('format=')) return route.continue();
      const response = await route.fetch();
      const body = (await response.json()) as { routes: Record<string, unknown>[] };
      const best = body.routes[0] as Record<string, unknown>;
      best.advisories = [
        {
          kind: 'congestion',
          country: 'GE',
          nodeId: 'GE_POTI',
          summary: 'Port congestion at Poti',
          source: 'https://example.org/advisory',
          asOf: '2026-11-20',
        },
        {
          kind: 'sanctions',
          country: 'GE',
          summary: 'Export licences are checked at the border.',
          source: 'https://example.org/advisory-2',
          asOf: '2026-11-21',
        },
      ];
      for (const other of body.routes.slice(1)) other.advisories = [];
      await route.fulfill({ response, json: body });
    });
    await page.goto(`${base()}/?origin=Xian&destination=Duisburg&avoid=RU,BY,IR&alternatives=1`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('#map g.advisory');
    expect(await page.getAttribute('#map g.advisory', 'data-kind')).toBe('congestion');
    // Summaries read as sentences in the comparison: a full stop is added where one has none, and no
    // separator follows one that has its own.
    const compare = await page.textContent('#compare');
    expect(compare).toContain('Port congestion at Poti. Export licences are checked at the border.');
    expect(compare).not.toContain('.;');
    const panel = await page.textContent('#route-panel .advisories');
    expect(panel).toContain('Georgia: Port congestion at Poti');
    expect(panel).toContain('20 Nov 2026');
    expect(panel).toContain('https://example.org/advisory');
    // The marker follows the selected route: the alternative has no advisory.
    await page.click('#route-tab-1');
    expect(await page.$$eval('#map g.advisory', (g) => g.length)).toBe(0);
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
    await page.goto(`${base()}/docs`);
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

  for (const size of ['desktop', 'phone'] as const) {
    it(`/docs at ${size} size: no axe violation on load; with an operation open and after "Try it out" only the enum selects Swagger UI leaves unlabelled`, async () => {
      const page = await (await context(size)).newPage();
      // Swagger UI's bundle and axe over every operation are slow on a shared machine.
      page.setDefaultTimeout(120_000);
      await page.goto(`${base()}/docs`);
      await page.waitForSelector('.opblock-summary');
      // Our stylesheet is served by Swagger UI on this origin.
      expect(
        await page.$$eval('link[rel="stylesheet"]', (l) => l.map((x) => (x as HTMLLinkElement).href)),
      ).toContain(`${base()}/docs/static/theme/a11y.css`);
      await axe(page, `docs (${size})`);
      await page.click('#operations-Routes-findRoutes .opblock-summary-control');
      await page.waitForSelector('#operations-Routes-findRoutes .parameters');
      // Left: Swagger UI draws each enum parameter's <select> without a label or name (select-name); no
      // stylesheet or option changes that markup. Anything else fails.
      const withRoutes = await axeViolations(page);
      for (const v of withRoutes)
        expect(v).toMatch(/^select-name: (tr\[data-param-name="\w+"\] [^,]+(, )?)+$/);
      expect(withRoutes).toHaveLength(1);
      await page.click('#operations-Service-health .opblock-summary-control');
      await page.click('#operations-Service-health button.try-out__btn');
      await page.click('#operations-Service-health button.execute');
      await page.waitForSelector('#operations-Service-health .live-responses-table .response-col_status');
      const after = await axeViolations(page);
      for (const v of after) expect(v).toMatch(/^select-name: (tr\[data-param-name="\w+"\] [^,]+(, )?)+$/);
      await shot(page, `docs-${size}`);
      await page.close();
    }, 300_000);
  }

  it('logs no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
