/**
 * The map page in a real browser: starts the server on 127.0.0.1 with the embedded network, opens a shared
 * link in headless Chromium, and checks what a planner sees: the drawn routes (a path per leg, ferry legs
 * dashed), the legs table with its totals, the ferry call-out, no console errors; then the autocomplete and
 * the error with suggestions. Screenshots go to tests/e2e/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadNetwork } from '../../src/domain/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshots = new URL('./screenshots/', import.meta.url).pathname;

describe('map page', () => {
  let app: FastifyInstance;
  let browser: BrowserContext;
  let base: string;
  let profile: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    app = await buildApp({ network: loadNetwork(new URL('../../graph-data', import.meta.url).pathname) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('server did not listen on a port');
    base = `http://127.0.0.1:${address.port}`;
    profile = mkdtempSync(join(tmpdir(), 'map-page-chromium-'));
    // A fresh profile (--user-data-dir) each run: playwright passes it for a persistent context.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 1100 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens a page, recording console errors except a 404 answer of /routes when the test expects one. */
  async function open(path: string, { routes404 = false } = {}): Promise<Page> {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const expected =
        routes404 && /status of 404/.test(message.text()) && /\/routes\?/.test(message.location().url);
      if (!expected) consoleErrors.push(`${path}: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${path}: ${error.message}`));
    await page.goto(`${base}${path}`);
    return page;
  }

  it("plans Xi'an → Duisburg avoiding RU and BY from a shared link, and draws it", async () => {
    const page = await open("/?origin=Xi'an&destination=Duisburg&avoid=RU,BY&alternatives=2");
    await page.waitForSelector('#legs tbody tr');

    const plan = (await (
      await fetch(`${base}/routes?origin=Xi'an&destination=Duisburg&avoid=RU,BY&alternatives=2`)
    ).json()) as {
      routes: { distanceKm: number; legs: { mode: string }[]; ferries: { sea: string }[] }[];
    };
    const best = plan.routes[0];
    if (!best) throw new Error('no route');

    // The map: one path per leg of every route, ferry legs dashed, avoided countries hatched.
    const legPaths = await page.$$eval('#map svg path.leg[data-route="0"]', (paths) => paths.length);
    expect(legPaths).toBe(best.legs.length);
    const allLegPaths = await page.$$eval('#map svg path.leg', (paths) => paths.length);
    expect(allLegPaths).toBe(plan.routes.reduce((n, r) => n + r.legs.length, 0));
    const ferryDashes = await page.$$eval('#map svg path.leg[data-mode="ferry"]', (paths) =>
      paths.map((p) => p.getAttribute('stroke-dasharray')),
    );
    expect(ferryDashes.length).toBeGreaterThan(0);
    for (const dash of ferryDashes) expect(dash).toMatch(/^\d+ \d+$/);
    const avoided = await page.$$eval('#map svg path.avoided', (paths) =>
      paths.map((p) => p.getAttribute('data-country')).sort(),
    );
    expect(avoided).toEqual(['BY', 'RU']);
    const seaLabels = await page.$$eval('#map svg text.sea-label', (texts) =>
      texts.map((t) => t.textContent),
    );
    expect(seaLabels).toEqual(expect.arrayContaining(best.ferries.map((f) => f.sea)));

    // The table: a row per leg of the best route, ferry rows marked, totals matching the route.
    const rows = await page.$$eval('#legs tbody tr', (trs) => trs.map((tr) => tr.className));
    expect(rows).toHaveLength(best.legs.length);
    expect(rows.filter((c) => c === 'ferry')).toHaveLength(
      best.legs.filter((l) => l.mode === 'ferry').length,
    );
    const total = await page.textContent('#legs tfoot .total-distance');
    expect(Number(total?.replace(/[^\d.]/g, ''))).toBeCloseTo(best.distanceKm, 1);
    expect(await page.textContent('#legs tfoot .total-time')).toMatch(/days/);
    expect(await page.textContent('#legs tfoot .total-co2')).toMatch(/kg\/t/);
    const callout = await page.textContent('#ferries');
    for (const f of best.ferries) expect(callout).toContain(f.sea);

    // The form shows the shared state.
    expect(await page.inputValue('#origin')).toBe("Xi'an");
    expect(await page.$$eval('#avoid-chips .chip .code', (c) => c.map((x) => x.textContent))).toEqual([
      'BY',
      'RU',
    ]);
    await page.screenshot({ path: join(screenshots, 'map-page.png'), fullPage: true });
    await page.screenshot({ path: join(screenshots, 'map-page-viewport.png') });

    // Choosing an alternative shows its legs.
    if (plan.routes[1]) {
      await page.click('#route-tab-1');
      const altRows = await page.$$eval('#legs tbody tr', (trs) => trs.length);
      expect(altRows).toBe(plan.routes[1].legs.length);
    }
    await page.close();
  });

  it('suggests places while typing, and plans from the form into the address', async () => {
    const page = await open('/');
    await page.waitForSelector('#map svg');
    await page.screenshot({ path: join(screenshots, 'landing.png') });
    await page.fill('#origin', 'Constansa');
    await page.waitForSelector('#origin-options li');
    expect(await page.textContent('#origin-options li:first-child .option-name')).toMatch(/Constan[tț]a/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.fill('#destination', 'Duisburg');
    await page.click('#plan');
    await page.waitForSelector('#legs tbody tr');
    expect(new URL(page.url()).searchParams.get('destination')).toBe('Duisburg');
    expect(new URL(page.url()).searchParams.get('origin')).toBeTruthy();
    await page.close();
  });

  it('explains an unknown place and plans the suggested match in one click', async () => {
    const page = await open('/?origin=Constansa&destination=Duisburg', { routes404: true });
    await page.waitForSelector('.status.error .suggestion');
    expect(await page.textContent('.status.error')).toContain('no place in the network matches "Constansa"');
    expect(await page.textContent('.status.error .suggestion')).toMatch(/^Constan[tț]a Port \(RO\)$/);
    // The network is drawn while the planner corrects the place.
    await page.waitForSelector('#map svg g.network');
    await page.screenshot({ path: join(screenshots, 'unknown-place.png') });
    await page.click('.status.error .suggestion');
    await page.waitForSelector('#legs tbody tr');
    expect(new URL(page.url()).searchParams.get('origin')).toBe('RO_CONSTANTA');
    expect(await page.$$eval('#map svg path.leg', (paths) => paths.length)).toBeGreaterThan(0);
    await page.close();
  });

  it('logs no console errors on any page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
