/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The harness of the planner page's browser tests: starts the server on 127.0.0.1 with the embedded network
 * and headless Chromium, opens pages at phone (390×844) or desktop (1440×900) size, runs axe-core in them
 * (WCAG 2.1 A and AA rules: no violation allowed) and saves screenshots under tests/e2e/screenshots/. Each
 * test file gets its own server and browser, so the files run in parallel.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadNetwork } from '../../src/domain/index.js';
import { type LiveStateHandle, openLiveState } from '../../src/state/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshots = new URL('./screenshots/', import.meta.url).pathname;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const SIZES = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1440, height: 900 },
} as const;
export type Size = keyof typeof SIZES;

export const PLAN = "/?origin=Xi'an&destination=Duisburg&avoid=RU,BY&alternatives=2";
export const TYPO = '/?origin=Constansa&destination=Duisburg';
export const UNKNOWN_CITY = '/?origin=Shanghai&destination=Duisburg&avoid=RU,BY';
export const NO_ROUTE = '/?origin=Xian&destination=Duisburg&avoid=RU,BY,GE,TR,IR&optimize=time';

export interface RoutePlan {
  dataVersion: string;
  routes: {
    distanceKm: number;
    durationHours: number;
    legs: { mode: string; linkId: string }[];
    ferries: { sea: string }[];
  }[];
}

export interface PlannerHarness {
  base: () => string;
  consoleErrors: string[];
  context: (size: Size, locale?: string) => Promise<BrowserContext>;
  open: (path: string, size?: Size, locale?: string) => Promise<Page>;
  axe: (page: Page, state: string) => Promise<void>;
  axeViolations: (page: Page) => Promise<string[]>;
  shot: (page: Page, name: string, options?: { fullPage?: boolean; selector?: string }) => Promise<unknown>;
  routesFor: (path: string) => Promise<RoutePlan>;
  /** Records a disruption through POST /disruptions (as an operator would); returns its id. */
  addDisruption: (body: object) => Promise<string>;
  /** Ends a disruption (DELETE /disruptions/{id}). */
  endDisruption: (id: string) => Promise<void>;
}

/** Registers the server and browser of one test file and returns the helpers over them. */
export function usePlannerPage(): PlannerHarness {
  let app: FastifyInstance;
  let browser: Browser;
  const contexts = new Map<string, BrowserContext>();
  let base = '';
  let dir = '';
  let live: LiveStateHandle;
  let key = '';
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // A real SQLite state file, so disruptions can be recorded and the page can show them.
    dir = mkdtempSync(join(tmpdir(), 'efr-e2e-'));
    live = await openLiveState({ engine: 'sqlite', path: join(dir, 'state.sqlite') });
    key = (await live.store.keys.create('e2e-operator', ['disruptions:write'])).key;
    // In-process protection: no rate limit, so a test may plan many routes in a few seconds.
    app = await buildApp({
      network: loadNetwork(new URL('../../graph-data', import.meta.url).pathname),
      state: live,
      liveState: live.mirror,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('server did not listen on a port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await live?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function context(size: Size, locale = 'en-GB'): Promise<BrowserContext> {
    const key = `${size}-${locale}`;
    let found = contexts.get(key);
    if (!found) {
      found = await browser.newContext({
        viewport: SIZES[size],
        locale,
        acceptDownloads: true,
        hasTouch: size === 'phone',
      });
      contexts.set(key, found);
    }
    return found;
  }

  /** Opens a page and waits until it has drawn its first state; records console errors. */
  async function open(path: string, size: Size = 'desktop', locale?: string): Promise<Page> {
    const page = await (await context(size, locale)).newPage();
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Problems a test asks for on purpose (404 unknown place, 422 no route) are logged by Chromium.
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
    expect(await axeViolations(page), `axe violations in ${state}`).toEqual([]);
  }

  /** The violations axe-core finds, one line each: `rule: target, target, …` (at most five targets). */
  async function axeViolations(page: Page): Promise<string[]> {
    await page.evaluate(AXE_SOURCE);
    return page.evaluate(async (tags) => {
      const w = window as unknown as {
        axe: {
          run: (
            c: Document,
            o: object,
          ) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      };
      const result = await w.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return result.violations.map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 5)
            .join(', ')}`,
      );
    }, WCAG_AA);
  }

  /** A screenshot of the viewport, the whole page, or one element (`selector`). */
  const shot = (page: Page, name: string, { fullPage = false, selector = '' } = {}) =>
    selector
      ? page.locator(selector).screenshot({ path: join(screenshots, `${name}.png`) })
      : page.screenshot({ path: join(screenshots, `${name}.png`), fullPage });

  async function routesFor(path: string): Promise<RoutePlan> {
    const query = new URLSearchParams(path.slice(2));
    query.delete('lang');
    if (!query.has('optimize')) query.set('optimize', 'time');
    return (await (await fetch(`${base}/routes?${query}`)).json()) as RoutePlan;
  }

  async function addDisruption(body: object): Promise<string> {
    const res = await fetch(`${base}/disruptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const created = (await res.json()) as { id?: string };
    if (res.status !== 201 || !created.id)
      throw new Error(`disruption not created: ${JSON.stringify(created)}`);
    return created.id;
  }

  async function endDisruption(id: string): Promise<void> {
    const res = await fetch(`${base}/disruptions/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${key}` },
    });
    if (!res.ok) throw new Error(`disruption ${id} not ended: ${res.status}`);
  }

  return {
    base: () => base,
    consoleErrors,
    context,
    open,
    axe,
    axeViolations,
    shot,
    routesFor,
    addDisruption,
    endDisruption,
  };
}
