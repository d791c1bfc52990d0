/**
 * SVG map state belongs to each network: its map layer (made once, on first use) carries the memory of its
 * drawings, so drawing a second network in the same process neither reuses nor disturbs the first's.
 */
import { describe, expect, it } from 'vitest';
import { networkMapInput } from '../../src/domain/export/map-input.js';
import { renderMapSvg } from '../../src/domain/export/render-map-svg.js';
import { inlineNetwork } from '../helpers/inline-network.js';

const circles = (svg: string) => (svg.match(/<circle /g) ?? []).length;
const networkGroup = (svg: string) => /<g class="network"[\s\S]*?<\/g>/.exec(svg)?.[0] ?? '';

function twoNetworks() {
  // The same extent (so the same projection and view key), different nodes and links.
  const a = inlineNetwork(
    [
      { id: 'KZ_A', lat: 43, lon: 51 },
      { id: 'AZ_B', lat: 40, lon: 49.5 },
      { id: 'GE_C', lat: 42, lon: 42 },
    ],
    [
      { from: 'KZ_A', to: 'AZ_B', distanceKm: 500 },
      { from: 'AZ_B', to: 'GE_C', distanceKm: 800 },
    ],
  );
  const b = inlineNetwork(
    [
      { id: 'KZ_X', lat: 43, lon: 51 },
      { id: 'GE_Y', lat: 42, lon: 42 },
      { id: 'AZ_Z', lat: 40, lon: 49.5 },
      { id: 'AZ_W', lat: 41, lon: 47 },
    ],
    [
      { from: 'KZ_X', to: 'AZ_W', distanceKm: 700 },
      { from: 'AZ_W', to: 'GE_Y', distanceKm: 600 },
      { from: 'AZ_Z', to: 'AZ_W', distanceKm: 300 },
    ],
  );
  return { a, b };
}

describe('map state per network', () => {
  it('gives each network one map layer of its own, with its own memory', () => {
    const { a, b } = twoNetworks();
    expect(a.mapLayer).toBe(a.mapLayer);
    expect(a.mapLayer).not.toBe(b.mapLayer);
    expect(a.mapLayer.memory).toBeDefined();
    expect(a.mapLayer.memory).not.toBe(b.mapLayer.memory);
    expect(a.mapLayer.nodes).toHaveLength(3);
    expect(b.mapLayer.links).toHaveLength(3);
  });

  it('draws each network from its own layer, however the drawings interleave', () => {
    const { a, b } = twoNetworks();
    const first = renderMapSvg(networkMapInput(a, []));
    const other = renderMapSvg(networkMapInput(b, []));
    const again = renderMapSvg(networkMapInput(a, []));
    expect(circles(first)).toBe(3);
    expect(circles(other)).toBe(4);
    expect(again).toBe(first);
    expect(networkGroup(other)).not.toBe(networkGroup(first));
    // A network drawn by a fresh renderer memory (a network loaded anew) draws the same.
    const fresh = inlineNetwork(
      a.nodes.map((n) => ({ id: n.id, lat: n.lat, lon: n.lon })),
      a.links.map((l) => ({ from: l.from, to: l.to, distanceKm: l.distanceKm })),
    );
    expect(renderMapSvg(networkMapInput(fresh, []))).toBe(first);
  });
});
