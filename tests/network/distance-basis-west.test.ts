/**
 * Cited rail lengths in the European and Northern link files (issue 13, item 3): the share of rail links whose
 * length is a cited figure (`sourced`) or arithmetic on cited figures (`derived`) may only grow, and each of
 * them names its source. One floor per file, so that other regions keep their own floors in their own tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

interface RawLink {
  from: string;
  to: string;
  mode: string;
  distanceBasis?: string;
  source: string;
}

/** Cited share of the rail links per file, as of the last data change: raise it when more are cited. */
const FLOORS: Record<string, number> = {
  europe: 0.6,
  northern: 0.52,
};

function railLinks(file: string): RawLink[] {
  const links = JSON.parse(readFileSync(join(EMBEDDED_DIR, 'links', `${file}.json`), 'utf8')) as RawLink[];
  return links.filter((l) => l.mode === 'rail');
}

describe.each(Object.entries(FLOORS))('links/%s.json', (file, floor) => {
  const rail = railLinks(file);
  const cited = rail.filter((l) => l.distanceBasis === 'sourced' || l.distanceBasis === 'derived');

  it(`has at least ${Math.round(floor * 100)} % of its rail lengths cited (sourced or derived)`, () => {
    expect(rail.length).toBeGreaterThan(0);
    expect(cited.length / rail.length).toBeGreaterThanOrEqual(floor);
  });

  it('names an address for every cited length, and says which figures a derived one adds up', () => {
    for (const l of cited) {
      const id = `${l.from}--${l.to}`;
      expect(l.source, id).toMatch(/https?:\/\//);
      if (l.distanceBasis === 'derived') expect(l.source, id).toMatch(/^derived: /);
    }
  });
});
