/**
 * The compiled /routes serializer writes exactly what the zod schema's encoding writes (the documented
 * contract), on real answers and on the shapes it must handle: key order, unknown keys, absent optionals.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findRoutes, loadNetwork } from '../../src/domain/index.js';
import { compileSerializer } from '../../src/http/fast-serializer.js';
import { serializeRoutePlan, serializeRoutePlanWithSchema } from '../../src/http/route-planner.js';
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
  const zodJson = (value: unknown) => JSON.stringify(z.encode(Outer, value as z.output<typeof Outer>));

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
      '{"name":"é \\"quoted\\"","count":2.5,"ok":false,"kind":"b","fixed":"x","maybe":null,"items":[{"id":"i1","tags":["t"]},{"id":"i2","tags":[],"note":"n"}]}',
    );
    const withNested = { ...value, maybe: 3, nested: { id: 'n', tags: ['a', 'b'], other: true } };
    expect(serialize(withNested)).toBe(zodJson(withNested));
  });

  it('refuses schemas it cannot serialize exactly as zod does', () => {
    expect(() => compileSerializer(z.object({ a: z.union([z.string(), z.number()]) }))).toThrow(/union/);
    expect(() => compileSerializer(z.object({ a: z.string().transform((s) => s.length) }))).toThrow(/pipe/);
    expect(() => compileSerializer(z.looseObject({ a: z.string() }))).toThrow(/unknown keys/);
  });
});

describe('/routes serializer', () => {
  it('writes the same JSON as the zod schema on real answers (avoid sets, metrics, via, cargo, alternatives)', () => {
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
          expect(serializeRoutePlan(plan)).toBe(serializeRoutePlanWithSchema(plan));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
