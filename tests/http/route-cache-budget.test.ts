/**
 * The route cache holds what clients choose (every distinct query is an entry), so it is bounded in memory as
 * well as in count: a flood of distinct large answers cannot grow it past its byte budget.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE_CACHE_MAX_BYTES, RouteCache } from '../../src/http/serving/route-cache.js';

const answer = (bytes: number) => ({ contentType: 'application/json', body: Buffer.alloc(bytes, 'x') });

describe('route cache memory budget', () => {
  it('evicts the least recently used answers to stay within its byte budget', () => {
    const cache = new RouteCache(1000, 10_000);
    for (let i = 0; i < 50; i++) cache.set(`q${i}`, answer(2000));
    expect(cache.byteSize).toBeLessThanOrEqual(10_000);
    // Each entry is about 2,040 bytes (the body, plus two per character of key and content type): four fit, the
    // fifth would not.
    expect(cache.size).toBe(4);
    expect(cache.get('q49')).toBeDefined();
    expect(cache.get('q0')).toBeUndefined();
  });

  it('keeps the recently read answers when it must evict', () => {
    const cache = new RouteCache(1000, 10_000);
    for (let i = 0; i < 4; i++) cache.set(`q${i}`, answer(2000));
    cache.get('q0');
    cache.set('q4', answer(2000));
    expect(cache.get('q0')).toBeDefined();
    expect(cache.get('q1')).toBeUndefined();
  });

  it('keeps an answer read between the insertions of a flood of new ones', () => {
    const cache = new RouteCache(100, 10_000_000);
    cache.set('hot', answer(10));
    for (let i = 0; i < 1000; i++) {
      cache.set(`q${i}`, answer(10));
      expect(cache.get('hot')).toBeDefined();
    }
    expect(cache.size).toBe(100);
    expect(cache.get('q0')).toBeUndefined();
    expect(cache.get('q999')).toBeDefined();
  });

  it('never stores an answer larger than the whole budget', () => {
    const cache = new RouteCache(1000, 10_000);
    cache.set('small', answer(100));
    cache.set('huge', answer(20_000));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBeDefined();
  });

  it('accounts replaced entries once', () => {
    const cache = new RouteCache(1000, 1_000_000);
    cache.set('q', answer(2000));
    const once = cache.byteSize;
    cache.set('q', answer(2000));
    expect(cache.byteSize).toBe(once);
  });

  it('bounds the default cache to tens of megabytes, not the count times the largest answer', () => {
    const cache = new RouteCache(10_000);
    // 10,000 distinct SVG-sized answers of ~100 kB would be ~2 GB without the budget.
    for (let i = 0; i < 2_000; i++) cache.set(`svg${i}`, answer(100_000));
    expect(cache.byteSize).toBeLessThanOrEqual(DEFAULT_ROUTE_CACHE_MAX_BYTES);
    expect(DEFAULT_ROUTE_CACHE_MAX_BYTES).toBeLessThanOrEqual(128 * 1024 * 1024);
  });
});
