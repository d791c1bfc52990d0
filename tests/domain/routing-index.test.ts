/**
 * The routing index stores per-node facts in the narrowest typed arrays that hold them exactly, and the
 * builder refuses a link count other than the one announced.
 */
import { describe, expect, it } from 'vitest';
import {
  type CompileInputLink,
  compileRoutingIndex,
  RoutingIndexBuilder,
} from '../../src/domain/routing/routing-index.js';
import { Search } from '../../src/domain/routing/search.js';

const chain = (dwell: number[], country: (i: number) => string = (i) => (i % 2 ? 'KZ' : 'CN')) => {
  const nodes = dwell.map((d, i) => ({ country: country(i), dwell: d }));
  const links: CompileInputLink[] = dwell.slice(1).map((_, i) => ({
    fromIndex: i,
    toIndex: i + 1,
    mode: 'rail',
    countryPath: [country(i), country(i + 1)],
    oneway: false,
    routable: true,
    distanceKm: 100,
    hours: 2.25,
    co2eKgPerTonne: 2.5,
  }));
  return compileRoutingIndex(nodes, links);
};

describe('compileRoutingIndex', () => {
  it('keeps whole dwell hours in bytes, and any other dwell exactly', () => {
    const cases: [number[], string][] = [
      [[0, 2, 255, 36], 'Uint8Array'],
      [[0, 256, 1], 'Float32Array'],
      [[0, 1.5, 6], 'Float32Array'],
      [[0, 0.1, 6], 'Float64Array'],
    ];
    for (const [dwell, kind] of cases) {
      const index = chain(dwell);
      expect(index.nodeDwell.constructor.name, String(dwell)).toBe(kind);
      expect(Array.from(index.nodeDwell)).toEqual(dwell);
      // The time metric pays the dwell of every node passed through, not of the ends.
      const path = new Search(index).shortestPath(0, dwell.length - 1, { metric: 'time' });
      const inner = dwell.slice(1, -1).reduce((a, b) => a + b, 0);
      expect(path?.cost).toBe(2.25 * (dwell.length - 1) + inner);
    }
  });

  it('numbers countries in bytes up to 256 of them, in two bytes beyond', () => {
    const code = (i: number) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26));
    const small = chain(new Array(256).fill(0), code);
    expect(small.nodeCountry).toBeInstanceOf(Uint8Array);
    expect(small.countryCodes[small.nodeCountry[255] as number]).toBe(code(255));
    const large = chain(new Array(257).fill(0), code);
    expect(large.nodeCountry).toBeInstanceOf(Uint16Array);
    expect(large.countryCodes[large.nodeCountry[256] as number]).toBe(code(256));
  });
});

describe('RoutingIndexBuilder', () => {
  it('refuses more or fewer links than announced', () => {
    const nodes = [
      { country: 'CN', dwell: 0 },
      { country: 'KZ', dwell: 0 },
    ];
    const link: CompileInputLink = {
      fromIndex: 0,
      toIndex: 1,
      mode: 'rail',
      countryPath: ['CN', 'KZ'],
      oneway: false,
      routable: true,
      distanceKm: 1,
      hours: 1,
      co2eKgPerTonne: 1,
    };
    const short = new RoutingIndexBuilder(nodes, 2);
    short.addLink(link);
    expect(() => short.build()).toThrow(/1 links added of 2 announced/);
    const over = new RoutingIndexBuilder(nodes, 1);
    over.addLink(link);
    expect(() => over.addLink(link)).toThrow(/more than the 1 links announced/);
    expect(over.build().linkCount).toBe(1);
  });
});
