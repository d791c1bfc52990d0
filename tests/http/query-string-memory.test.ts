/**
 * The router's query-string parser remembers recent parses: a repeat gets the same result as a fresh parse,
 * faults included, and that result cannot be changed by whoever reads it.
 */
import { describe, expect, it } from 'vitest';
import {
  parseQueryString,
  parseQueryStringRemembered,
  queryFault,
} from '../../src/http/plugins/query-string.js';

describe('remembered query-string parses', () => {
  it.each([
    'origin=CN_XIAN&destination=DE_DUISBURG&avoid=RU,BY&avoid=GE',
    'q=a+b%C3%A9&q=2',
    'a=%ZZ',
    'x=%01',
    '=RU',
    'a'.repeat(2000),
  ])('%s: equals a fresh parse on a repeat, fault included', (query) => {
    const fresh = parseQueryString(query);
    const first = parseQueryStringRemembered(query);
    const repeat = parseQueryStringRemembered(query);
    for (const parsed of [first, repeat]) {
      expect(parsed).toEqual(fresh);
      expect(queryFault(parsed)).toEqual(queryFault(fresh));
    }
    if (query.length <= 1024) expect(repeat).toBe(first);
  });

  it('shares only frozen results', () => {
    const parsed = parseQueryStringRemembered('avoid=RU,BY&origin=x') as { avoid: string[]; origin: string };
    expect(() => {
      parsed.origin = 'y';
    }).toThrow(TypeError);
    expect(() => parsed.avoid.push('GE')).toThrow(TypeError);
    expect(parseQueryStringRemembered('avoid=RU,BY&origin=x')).toEqual({ avoid: ['RU', 'BY'], origin: 'x' });
  });
});
