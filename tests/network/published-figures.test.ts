/**
 * Published route distances (graph-data/README.md, "Published figures") reproduced by the router within
 * ±5 %. The table in the README is the single list: this test reads it, so a figure added there is tested.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findRoutes, loadNetwork } from '../../src/domain/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

interface Figure {
  route: string;
  publishedKm: number;
  source: string;
  origin: string;
  destination: string;
  via: string[];
  avoid: string[];
}

function readFigures(): Figure[] {
  const readme = readFileSync(`${EMBEDDED_DIR}/README.md`, 'utf8');
  const section = readme.split('## Published figures')[1]?.split('\n## ')[0] ?? '';
  const rows = section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| route') && !l.startsWith('|---'));
  const ids = (cell: string) => [...cell.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1] as string);
  return rows.map((row) => {
    const cells = row
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const [route, km, source, origin, destination, via, avoid] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    return {
      route,
      publishedKm: Number(km.replaceAll(',', '')),
      source,
      origin: ids(origin)[0] ?? origin,
      destination: ids(destination)[0] ?? destination,
      via: ids(via),
      avoid: avoid === '—' ? [] : avoid.split(',').map((c) => c.trim()),
    };
  });
}

const network = loadNetwork(EMBEDDED_DIR);
const figures = readFigures();

describe('published figures', () => {
  it('the README lists at least five published figures, each with a source', () => {
    expect(figures.length).toBeGreaterThanOrEqual(5);
    for (const f of figures) {
      expect(f.source, f.route).toMatch(/^https?:\/\//);
      expect(Number.isFinite(f.publishedKm) && f.publishedKm > 0, f.route).toBe(true);
    }
  });

  it.each(figures.map((f) => [f.route, f] as const))('%s is reproduced within ±5 %%', (_name, f) => {
    const plan = findRoutes(network, f.origin, f.destination, { via: f.via, avoid: f.avoid });
    const km = plan.routes[0]?.distanceKm ?? 0;
    expect(Math.abs(km - f.publishedKm) / f.publishedKm).toBeLessThanOrEqual(0.05);
  });
});
