/**
 * The compiled record parsers (record-parsers.ts) against the zod schemas they are compiled from: on records
 * mutated at random (fields dropped, retyped, pushed over a bound, padded with spaces, unknown keys added),
 * a compiled parser accepts exactly what the schema accepts, with the same output (same fields in the same
 * order) or the same issues; and every schema compiles fully, so that no record takes the slow path unseen.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  LinkRecordSchema,
  NodeRecordSchema,
  SeaRecordSchema,
} from '../../src/domain/network/network-schema.js';
import { RECORD_PARSERS } from '../../src/domain/network/record-parsers.js';

type Json = Record<string, unknown>;

const NODES: Json[] = [
  { id: 'KZ_AKTAU', name: 'Aktau', country: 'KZ', lat: 43.6, lon: 51.2, kinds: ['port'], source: 's' },
  {
    id: 'AZ_ALAT',
    name: 'Alat',
    aliases: ['Baku port', 'Alyat'],
    country: 'AZ',
    lat: 39.9,
    lon: 49.4,
    kinds: ['port', 'ferry-terminal'],
    unlocode: 'AZALT',
    dwellHours: 0,
    source: 's',
    notes: '',
  },
  {
    id: 'GE_POTI_2',
    name: 'Poti',
    country: 'GE',
    lat: -90,
    lon: 180,
    kinds: ['rail'],
    dwellHours: 720,
    source: 's',
  },
  {
    id: 'GE_AKHALKALAKI',
    name: 'Akhalkalaki',
    country: 'GE',
    lat: 41.4,
    lon: 43.5,
    kinds: ['gauge-change', 'rail'],
    transferHours: 4,
    gauge: 1520,
    source: 's',
  },
];

const LINKS: Json[] = [
  { from: 'KZ_A', to: 'KZ_B', mode: 'rail', distanceKm: 12.5, gauge: 1520, source: 's' },
  {
    from: 'KZ_A',
    to: 'CN_B',
    mode: 'rail',
    distanceKm: 40_000,
    gauge: 600,
    electrified: true,
    operator: 'KTZ',
    line: 'Trunk',
    countries: ['KZ', 'CN'],
    waypoints: [
      [51, 43],
      [-180, -90],
    ],
    status: 'planned',
    oneway: true,
    speedKmh: 300,
    source: 's',
    notes: 'n',
  },
  {
    from: 'KZ_AKTAU',
    to: 'AZ_ALAT',
    mode: 'ferry',
    distanceKm: 450,
    sea: 'caspian',
    sailingHours: 30,
    sailingsPerWeek: 3,
    source: 's',
  },
  { from: 'TR_A', to: 'TR_B', mode: 'road', distanceKm: 0.1, status: 'closed', source: 's' },
];

const FIELDS = [
  ...new Set([...NODES, ...LINKS].flatMap((r) => Object.keys(r))),
  'bogus',
  'distancekm',
  '__proto__',
];

/** Values near every bound and type the schemas care about. */
const VALUES: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  'x',
  ' x',
  'x ',
  '\tx',
  'KZ',
  'kz',
  'XX',
  'AZ',
  'KZ_B',
  'KZ_A',
  'AZ_ALAT',
  'KZ_ ALAT',
  'KZAAU',
  'AZALT',
  'AZAL1',
  'rail',
  'ferry',
  'road',
  'air',
  'in-service',
  'suspended',
  'closed',
  'caspian',
  0,
  -0,
  -1,
  0.5,
  1,
  599,
  600,
  1520.5,
  2000,
  2001,
  90,
  90.0001,
  -90,
  180,
  -180.0001,
  300,
  300.5,
  720,
  720.01,
  40_000,
  40_000.1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  {},
  ['rail'],
  ['port', 'rail'],
  ['rail', 'bogus'],
  [' rail'],
  ['KZ', 'XX'],
  ['Alias', ''],
  ['Alias', ' b'],
  [[51, 43]],
  [[181, 43]],
  [[51, 43, 1]],
  [[51]],
  [['51', 43]],
  [null],
];

/** A mutation: set (or add) a field to a value, delete one, or change one entry of an array field. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    field: fc.constantFrom(...FIELDS),
    value: fc.constantFrom(...VALUES),
  }),
  fc.record({ op: fc.constant('delete' as const), field: fc.constantFrom(...FIELDS) }),
  fc.record({
    op: fc.constant('entry' as const),
    field: fc.constantFrom('aliases', 'kinds', 'countries', 'waypoints'),
    value: fc.constantFrom(...VALUES),
  }),
);

type Mutation = { op: 'set' | 'delete' | 'entry'; field: string; value?: unknown };

/** A copy of `base` with the mutations applied (`__proto__` set as an own field, as JSON.parse makes it). */
function mutate(base: Json, mutations: readonly Mutation[]): Json {
  const r: Json = structuredClone(base);
  for (const m of mutations) {
    if (m.op === 'delete') delete r[m.field];
    else if (m.op === 'set')
      Object.defineProperty(r, m.field, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else if (Array.isArray(r[m.field]) && (r[m.field] as unknown[]).length > 0)
      (r[m.field] as unknown[])[0] = m.value;
  }
  return r;
}

/** The outcome of a parse in a comparable form: the output, or the issues without their schema instance. */
function outcome(result: z.ZodSafeParseResult<unknown>): string {
  const value = result.success
    ? { data: result.data, keys: Object.keys(result.data as Json) }
    : // A custom issue carries the check that raised it (`inst`), which differs between the two schemas.
      { issues: result.error.issues.map((issue) => ({ ...issue, inst: undefined })) };
  // inspect, not JSON: mutated records may hold undefined, NaN and shared arrays.
  return inspect(value, { depth: 8 });
}

describe('the compiled record parsers', () => {
  it('compile every record schema fully (strict mode refuses anything it would leave to the runtime)', () => {
    for (const schema of [SeaRecordSchema, NodeRecordSchema, LinkRecordSchema]) {
      expect(() => z.compile(schema, { strict: true })).not.toThrow();
    }
  });

  it('read every valid record as the schema outputs it', () => {
    for (const node of NODES) {
      const parsed = RECORD_PARSERS.node.safeParse(node);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toStrictEqual(NodeRecordSchema.parse(node));
    }
    for (const link of LINKS) {
      const parsed = RECORD_PARSERS.link.safeParse(link);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toStrictEqual(LinkRecordSchema.parse(link));
    }
  });

  it('agree with zod on mutated records: same output in the same key order, or the same issues', () => {
    const seen = { accepted: 0, rejected: 0, crossField: 0 };
    const check = (raw: Json, compiled: z.ZodType, schema: z.ZodType) => {
      const reference = schema.safeParse(raw, { reportInput: true });
      const parsed = compiled.safeParse(raw, { reportInput: true });
      expect(outcome(parsed), inspect(raw)).toBe(outcome(reference));
      if (reference.success) seen.accepted++;
      else {
        seen.rejected++;
        if (reference.error.issues.some((i) => i.code === 'custom')) seen.crossField++;
      }
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...NODES),
        fc.constantFrom(...LINKS),
        fc.array(mutation, { minLength: 0, maxLength: 3 }),
        (node, link, mutations) => {
          check(mutate(node, mutations), RECORD_PARSERS.node, NodeRecordSchema);
          check(mutate(link, mutations), RECORD_PARSERS.link, LinkRecordSchema);
        },
      ),
      { numRuns: 4000 },
    );
    // Both outcomes, and the cross-field rules, must be common, or the property would be checking little.
    expect(seen.accepted).toBeGreaterThan(500);
    expect(seen.rejected).toBeGreaterThan(500);
    expect(seen.crossField).toBeGreaterThan(100);
  });

  it('agree with zod on anything that is not a plain object', () => {
    for (const raw of [
      null,
      undefined,
      'KZ_A',
      42,
      [NODES[0]],
      Object.assign(Object.create(null), NODES[0]),
    ]) {
      expect(outcome(RECORD_PARSERS.node.safeParse(raw))).toBe(outcome(NodeRecordSchema.safeParse(raw)));
      expect(outcome(RECORD_PARSERS.link.safeParse(raw))).toBe(outcome(LinkRecordSchema.safeParse(raw)));
    }
  });

  it('trim text as zod does, and word a cross-field problem as the schema does', () => {
    const node = NODES[0] as Json;
    const link = LINKS[0] as Json;
    expect(RECORD_PARSERS.node.parse({ ...node, name: ' Aktau', aliases: ['A '] })).toMatchObject({
      name: 'Aktau',
      aliases: ['A'],
    });
    expect(RECORD_PARSERS.link.parse({ ...link, from: 'KZ_A ', operator: '\tKTZ' })).toMatchObject({
      from: 'KZ_A',
      operator: 'KTZ',
    });
    const road = RECORD_PARSERS.link.safeParse({ ...link, mode: 'road', sea: 'caspian' });
    expect(road.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['gauge', 'is not allowed for a road link'],
      ['sea', 'is not allowed for a road link'],
    ]);
    const wrongCountry = RECORD_PARSERS.node.safeParse({ ...node, country: 'AZ' });
    expect(wrongCountry.error?.issues.map((i) => i.message)).toEqual([
      'must start with the node\'s country "AZ_"',
    ]);
  });
});
