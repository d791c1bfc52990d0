/**
 * The compiled /routes serializer writes exactly what the zod schema's encoding writes (the documented
 * contract), in ASCII, on real answers and on the shapes it must handle: key order, unknown keys, absent
 * optionals, numbers of every kind, frozen objects written once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findRoutes, loadNetwork } from '../../src/domain/index.js';
import { escapeNonAscii } from '../../src/http/serving/ascii-json.js';
import {
  compileSerializer,
  SerializerMemo,
  writeNumber,
  writeString,
} from '../../src/http/serving/fast-serializer.js';
import { routePlanSerializer, serializeRoutePlanWithSchema } from '../../src/http/serving/route-planner.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

describe('compiled serializer', () => {
  const Inner = z.object({ id: z.string(), tags: z.array(z.string()), note: z.string().optional() });
  const Outer = z.object({
    name: z.string(),
    count: z.number(),
    ok: z.boolean(),
    kind: z.enum(['a', 'b']),
    fixed: z.literal('x'),
    maybe: z.number().nullable(),
    items: z.array(Inner),
    nested: Inner.optional(),
  });
  const serialize = compileSerializer(Outer);
  const zodJson = (value: unknown) =>
    escapeNonAscii(JSON.stringify(z.encode(Outer, value as z.output<typeof Outer>)));

  it('orders keys as the schema does, drops unknown keys and leaves out absent optional keys, like zod', () => {
    const value = {
      extra: 'dropped',
      items: [
        { tags: ['t'], id: 'i1', secret: 1 },
        { id: 'i2', tags: [], note: 'n' },
      ],
      maybe: null,
      fixed: 'x',
      kind: 'b',
      ok: false,
      count: 2.5,
      name: 'é "quoted"',
    };
    expect(serialize(value)).toBe(zodJson(value));
    expect(serialize(value)).toBe(
      '{"name":"\\u00e9 \\"quoted\\"","count":2.5,"ok":false,"kind":"b","fixed":"x","maybe":null,"items":[{"id":"i1","tags":["t"]},{"id":"i2","tags":[],"note":"n"}]}',
    );
    const withNested = { ...value, maybe: 3, nested: { id: 'n', tags: ['a', 'b'], other: true } };
    expect(serialize(withNested)).toBe(zodJson(withNested));
  });

  it('writes numbers exactly as JSON.stringify does: tenths, integers, -0, tiny, huge and non-finite values', () => {
    const special = [
      0, -0, 0.1, -0.1, 0.5, -0.5, 1.5, 16.1, 0.30000000000000004, 1e21, 1e-7, 123456789012345.6,
    ];
    for (const x of [
      ...special,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -1e300,
      2 ** 53 + 2,
      99999999999999.9,
    ]) {
      expect(writeNumber(x), String(x)).toBe(JSON.stringify(x));
    }
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.integer({ min: -1e9, max: 1e9 }).map((t) => t / 10),
          fc.integer({ min: -1e9, max: 1e9 }).map((t) => Math.round(t * 0.37) / 10),
        ),
        (x) => writeNumber(x) === JSON.stringify(x),
      ),
      { numRuns: 20_000 },
    );
  });

  it('writes strings as JSON literals in ASCII: quotes, controls, accents, surrogate pairs, lone surrogates', () => {
    for (const s of ['plain', 'é "q" \\ \n\t\u0001', 'Constanța', '\u{1F6A2} ship', '\ud800 lone', '']) {
      const json = writeString(s);
      expect(json).not.toMatch(/[\u0080-\uffff]/);
      expect(JSON.parse(json)).toBe(s);
    }
    expect(writeString('Lőkösháza')).toBe('"L\\u0151k\\u00f6sh\\u00e1za"');
  });

  it('writes a frozen object once and reuses the text; an object that is not frozen is written every time', () => {
    const Point = z.object({ name: z.string(), n: z.number() });
    const write = compileSerializer(Point);
    const open = { name: 'a', n: 1 };
    expect(write(open)).toBe('{"name":"a","n":1}');
    open.n = 2;
    expect(write(open)).toBe('{"name":"a","n":2}');
    const frozen = Object.freeze({ name: 'b', n: 3 });
    const first = write(frozen);
    expect(first).toBe('{"name":"b","n":3}');
    expect(write(frozen)).toBe(first);
  });

  it('keeps remembering once its memory is full: a full memory starts over, and what it writes stays right', () => {
    const Point = z.object({ name: z.string(), n: z.number() });
    const memo = new SerializerMemo({ maxStrings: 3, maxFrozen: 2 });
    const write = compileSerializer(Point, memo);
    const points = Array.from({ length: 5 }, (_, i) => Object.freeze({ name: `p${i}`, n: i }));
    for (const p of points) expect(write(p)).toBe(JSON.stringify(p));
    // Five frozen objects through a memory of two: it started over and holds the latest, never more than two.
    expect(memo.frozenObjectCount).toBeGreaterThan(0);
    expect(memo.frozenObjectCount).toBeLessThanOrEqual(2);
    expect(memo.frozenText(points[4] as object)).toBe(JSON.stringify(points[4]));
    expect(memo.stringCount).toBeLessThanOrEqual(3);
    expect(memo.string('p4')).toBe('"p4"');
  });

  it('keeps what one serializer remembers apart from another that has its own memory', () => {
    const Point = z.object({ name: z.string() });
    const a = new SerializerMemo();
    const b = new SerializerMemo();
    const p = Object.freeze({ name: 'x' });
    compileSerializer(Point, a)(p);
    expect(a.frozenText(p)).toBe('{"name":"x"}');
    expect(b.frozenText(p)).toBeUndefined();
  });

  it('refuses to write an object that lacks a required key (zod would refuse it too)', () => {
    const write = compileSerializer(z.object({ id: z.string(), count: z.number() }));
    expect(() => write({ id: 'x' })).toThrow(/\.count is required/);
  });

  it('refuses schemas it cannot serialize exactly as zod does', () => {
    expect(() => compileSerializer(z.object({ a: z.union([z.string(), z.number()]) }))).toThrow(/union/);
    expect(() => compileSerializer(z.object({ a: z.string().transform((s) => s.length) }))).toThrow(/pipe/);
    expect(() => compileSerializer(z.looseObject({ a: z.string() }))).toThrow(/unknown keys/);
  });
});

describe('/routes serializer', () => {
  it('writes the JSON of the zod schema, in ASCII, on real answers (avoid sets, metrics, via, cargo, alternatives)', () => {
    const network = loadNetwork(EMBEDDED_DIR);
    const origins = ['CN_XIAN', 'CN_CHONGQING', 'KZ_ALMATY', 'CN_URUMQI', 'CN_YIWU'];
    const destinations = ['DE_DUISBURG', 'PL_MALASZEWICZE', 'NL_ROTTERDAM', 'IT_MILAN', 'ES_MADRID'];
    const options = [
      {},
      { avoid: ['RU', 'BY'] },
      { avoid: ['RU', 'BY'], optimize: 'time' as const, cargoTonnes: 24 },
      { avoid: ['IR'], optimize: 'co2' as const, alternatives: 3 },
      { via: ['GE_POTI'], avoidModes: ['road'] },
      { avoidSeas: ['caspian'], alternatives: 2, cargoTonnes: 1.5 },
    ];
    const serializeRoutePlan = routePlanSerializer();
    let compared = 0;
    for (const origin of origins) {
      for (const destination of destinations) {
        for (const option of options) {
          let plan: object;
          try {
            plan = { ...findRoutes(network, origin, destination, option), dataVersion: network.dataVersion };
          } catch {
            continue; // no route under these constraints: nothing to serialize
          }
          const json = serializeRoutePlan(plan);
          expect(json).toBe(escapeNonAscii(serializeRoutePlanWithSchema(plan)));
          expect(json).not.toMatch(/[\u0080-\uffff]/);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
