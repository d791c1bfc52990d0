/**
 * Floors under the share of rail links whose length is cited (`sourced`) or computed from cited figures
 * (`derived`), per link file: a change that turns cited lengths back into estimates fails here. Each file's
 * floor is the share it has reached; raise it when more lengths are cited. Files without a floor are not held.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

/** Link file → least share of its rail links with a sourced or derived length. */
const FLOORS: Record<string, number> = {
  // East of the Bosphorus (graph-data/README.md, "Sources").
  'china.json': 0.68,
  'kazakhstan.json': 0.68,
  'central-asia.json': 0.69,
  'caucasus.json': 0.79,
  'turkey.json': 0.85,
  'southern.json': 0.71,
  // Europe west of Russia and Belarus (graph-data/README.md, "Sources").
  'europe.json': 0.6,
  // The northern corridor: Mongolia and Russia through Belarus and Lithuania to Warsaw.
  'northern.json': 0.52,
};

interface LinkRecord {
  mode: string;
  distanceBasis?: string;
  source: string;
}

const railLinks = (file: string) =>
  (JSON.parse(readFileSync(join(EMBEDDED_DIR, 'links', file), 'utf8')) as LinkRecord[]).filter(
    (l) => l.mode === 'rail',
  );

const citedShare = (links: LinkRecord[]) =>
  links.filter((l) => l.distanceBasis === 'sourced' || l.distanceBasis === 'derived').length / links.length;

describe('cited rail lengths', () => {
  it.each(Object.entries(FLOORS))('%s keeps at least its share of cited rail lengths', (file, floor) => {
    const links = railLinks(file);
    expect(links.length).toBeGreaterThan(0);
    expect(citedShare(links)).toBeGreaterThanOrEqual(floor);
  });

  it('a cited length names its source: a sourced length an address, a derived one its arithmetic', () => {
    for (const file of Object.keys(FLOORS))
      for (const l of railLinks(file)) {
        if (l.distanceBasis === 'sourced') expect(l.source, file).toMatch(/https?:\/\//);
        if (l.distanceBasis === 'derived') expect(l.source, file).toMatch(/^derived: .*https?:\/\//);
      }
  });
});
