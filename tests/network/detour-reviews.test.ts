/**
 * Reviewed detours (src/domain/network/detour-reviews.ts): a review takes a bend off the list of suspects, a
 * review file that names an unknown node stops the check naming file, record and field, and the embedded
 * network has no unreviewed detour and no stale review in the regions whose files say so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyDetourReviews,
  DETOUR_REVIEWS_DIR,
  detourSuspects,
  loadNetwork,
  NetworkDataError,
  readDetourReviews,
} from '../../src/domain/index.js';
import { inlineNetwork } from '../helpers/inline-network.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

// A and B lie 400 km apart; the only line between them turns back at K, 500 km to the north.
const bend = inlineNetwork(
  [
    { id: 'KZ_A', lat: 47, lon: 70 },
    { id: 'KZ_B', lat: 47, lon: 75.26 },
    { id: 'KZ_K', lat: 51.5, lon: 72.6 },
  ],
  [
    { from: 'KZ_A', to: 'KZ_K', distanceKm: 560 },
    { from: 'KZ_K', to: 'KZ_B', distanceKm: 560 },
  ],
);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const withReviews = (files: Record<string, unknown>) => {
  const dir = mkdtempSync(join(tmpdir(), 'efr-detours-'));
  dirs.push(dir);
  mkdirSync(join(dir, DETOUR_REVIEWS_DIR));
  for (const [name, records] of Object.entries(files))
    writeFileSync(join(dir, DETOUR_REVIEWS_DIR, name), JSON.stringify(records));
  return dir;
};
const review = {
  via: 'KZ_K',
  between: ['KZ_B', 'KZ_A'],
  verdict: 'reversal',
  reason: 'the only line between A and B runs through K',
  source: 'https://example.org/line',
};

describe('detour reviews', () => {
  it('a review, in either order of the ends, takes the bend off the suspects; without it the bend stays', () => {
    const suspects = detourSuspects(bend);
    expect(suspects).toHaveLength(1);
    const reviews = readDetourReviews(withReviews({ 'a.json': [review] }), bend);
    const applied = applyDetourReviews(suspects, reviews);
    expect(applied.unreviewed).toEqual([]);
    expect(applied.reviewed.map((s) => s.via)).toEqual(['KZ_K']);
    expect(applied.stale).toEqual([]);
    expect(applyDetourReviews(suspects, []).unreviewed).toEqual(suspects);
  });

  it('a review that matches no suspect is reported stale', () => {
    const other = { ...review, via: 'KZ_A', between: ['KZ_K', 'KZ_B'] };
    const reviews = readDetourReviews(withReviews({ 'a.json': [other] }), bend);
    expect(applyDetourReviews(detourSuspects(bend), reviews).stale.map((r) => r.via)).toEqual(['KZ_A']);
  });

  it('names file, record and field of an unknown node, a bad verdict and a bend reviewed twice', () => {
    const dir = withReviews({
      'a.json': [review, { ...review, between: ['KZ_A', 'KZ_X'] }],
      'b.json': [{ ...review, verdict: 'fine' }, review],
    });
    let problems: string[] = [];
    try {
      readDetourReviews(dir, bend);
    } catch (error) {
      expect(error).toBeInstanceOf(NetworkDataError);
      problems = (error as NetworkDataError).problems;
    }
    expect(problems).toEqual([
      `${DETOUR_REVIEWS_DIR}/a.json[1].between[1]: "KZ_X" is not a known node`,
      expect.stringMatching(/^detour-reviews\/b\.json\[0\]\.verdict: /),
    ]);
    const twice = withReviews({ 'a.json': [review], 'b.json': [review] });
    expect(() => readDetourReviews(twice, bend)).toThrow(
      'detour-reviews/b.json[0]: the bend KZ_A–KZ_K–KZ_B is already reviewed in detour-reviews/a.json[0]',
    );
  });

  it('a network without the folder has no reviews', () => {
    expect(readDetourReviews(mkdtempSync(join(tmpdir(), 'efr-none-')), bend)).toEqual([]);
  });
});

describe('the embedded network', () => {
  const network = loadNetwork(EMBEDDED_DIR);
  const reviews = readDetourReviews(EMBEDDED_DIR, network);
  const applied = applyDetourReviews(detourSuspects(network), reviews);

  // Regions whose detours are all reviewed: the countries of graph-data/detour-reviews/east.json.
  const EAST = ['CN', 'MN', 'KZ', 'KG', 'UZ', 'TM', 'IR', 'AZ', 'GE', 'AM', 'TR'];

  // The countries of graph-data/detour-reviews/europe.json (nodes/europe-east.json and europe-west.json).
  const EUROPE = [
    'PL',
    'LT',
    'UA',
    'MD',
    'RO',
    'BG',
    'RS',
    'MK',
    'GR',
    'HU',
    'SK',
    'CZ',
    'AT',
    'SI',
    'IT',
    'DE',
    'NL',
    'BE',
    'FR',
    'ES',
  ];

  const country = (id: string) => network.nodeById.get(id)?.country ?? '';
  const unreviewedIn = (countries: string[]) =>
    applied.unreviewed
      .filter((s) => countries.includes(country(s.via)))
      .map((s) => `${s.from} – ${s.via} – ${s.to}`);

  it('has no unreviewed detour east of the Bosphorus', () => {
    expect(unreviewedIn(EAST)).toEqual([]);
  });

  it('has no unreviewed detour in Europe west of Russia and Belarus', () => {
    expect(unreviewedIn(EUROPE)).toEqual([]);
    expect(applied.reviewed.filter((s) => EUROPE.includes(country(s.via))).length).toBeGreaterThan(10);
  });

  // Regions whose detours are all reviewed: the countries of graph-data/detour-reviews/northern.json.
  const NORTH = ['RU', 'BY'];

  it('has no unreviewed detour in Russia and Belarus', () => {
    const country = (id: string) => network.nodeById.get(id)?.country ?? '';
    const north = applied.unreviewed.filter((s) => NORTH.includes(country(s.via)));
    expect(north.map((s) => `${s.from} – ${s.via} – ${s.to}`)).toEqual([]);
    expect(reviews.filter((r) => r.file === `${DETOUR_REVIEWS_DIR}/northern.json`).length).toBeGreaterThan(5);
  });

  it('has no stale review, and every review gives its reason and source', () => {
    expect(applied.stale.map((r) => `${r.file}: ${r.via}`)).toEqual([]);
    expect(reviews.filter((r) => r.file === `${DETOUR_REVIEWS_DIR}/east.json`).length).toBeGreaterThan(5);
    expect(reviews.filter((r) => r.file === `${DETOUR_REVIEWS_DIR}/europe.json`).length).toBeGreaterThan(10);
    for (const r of reviews) {
      expect(r.reason.length, r.via).toBeGreaterThan(30);
      expect(r.source, r.via).toMatch(/^(https?:\/\/|estimate)/);
    }
  });
});
