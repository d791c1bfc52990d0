/**
 * The hand-written record readers against the zod schemas they stand in for: on records mutated at random
 * (fields dropped, retyped, pushed over a bound, padded with spaces, unknown keys added), a reader either
 * declines or returns exactly what the schema outputs, same fields in the same order; and it never declines
 * a plainly valid record, or loading would silently lose its speed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LinkRecordSchema,
  type NodeKind,
  NodeRecordSchema,
} from '../../src/domain/network/network-schema.js';
import { readPlainLink, readPlainNode } from '../../src/domain/network/plain-records.js';

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

describe('readPlainNode and readPlainLink', () => {
  it('read every plainly valid record, as the schema outputs it', () => {
    for (const node of NODES) {
      const read = readPlainNode(node);
      expect(read).toBeDefined();
      expect(read).toStrictEqual(NodeRecordSchema.parse(node));
    }
    for (const link of LINKS) {
      const read = readPlainLink(link);
      expect(read).toBeDefined();
      expect(read).toStrictEqual(LinkRecordSchema.parse(link));
    }
  });

  it('decline or agree with zod, field for field and in zod’s key order, on mutated records', () => {
    const seen = { read: 0, declinedZodAccepts: 0, declinedZodRejects: 0 };
    const check = (raw: Json, read: unknown, schema: typeof NodeRecordSchema | typeof LinkRecordSchema) => {
      const parsed = schema.safeParse(raw);
      if (read === undefined) {
        if (parsed.success) seen.declinedZodAccepts++;
        else seen.declinedZodRejects++;
        return;
      }
      seen.read++;
      expect(parsed.success, JSON.stringify(raw)).toBe(true);
      expect(read).toStrictEqual(parsed.data);
      expect(Object.keys(read as Json)).toEqual(Object.keys(parsed.data as Json));
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...NODES),
        fc.constantFrom(...LINKS),
        fc.array(mutation, { minLength: 0, maxLength: 3 }),
        (node, link, mutations) => {
          const n = mutate(node, mutations);
          check(n, readPlainNode(n), NodeRecordSchema);
          const l = mutate(link, mutations);
          check(l, readPlainLink(l), LinkRecordSchema);
        },
      ),
      { numRuns: 4000 },
    );
    // All three outcomes must be common, or the property would be checking little.
    expect(seen.read).toBeGreaterThan(500);
    expect(seen.declinedZodRejects).toBeGreaterThan(500);
    // Rarer (padded text, an explicit undefined), but it must occur.
    expect(seen.declinedZodAccepts).toBeGreaterThan(0);
  });

  it('leave text that zod would trim, and explicit undefined fields, to zod', () => {
    const node = NODES[0] as Json;
    const link = LINKS[0] as Json;
    for (const raw of [
      { ...node, name: ' Aktau' },
      { ...node, source: 's\n' },
      { ...node, aliases: ['A '] },
    ]) {
      expect(readPlainNode(raw)).toBeUndefined();
      expect(NodeRecordSchema.safeParse(raw).success).toBe(true);
    }
    for (const raw of [
      { ...link, from: 'KZ_A ' },
      { ...link, operator: '\tKTZ' },
      { ...link, notes: undefined },
    ]) {
      expect(readPlainLink(raw)).toBeUndefined();
      expect(LinkRecordSchema.safeParse(raw).success).toBe(true);
    }
  });

  it('decline anything that is not a plain object', () => {
    for (const raw of [
      null,
      undefined,
      'KZ_A',
      42,
      [NODES[0]],
      Object.assign(Object.create(null), NODES[0]),
    ]) {
      expect(readPlainNode(raw)).toBeUndefined();
      expect(readPlainLink(raw)).toBeUndefined();
    }
  });

  it('share one frozen kinds list among nodes with the same kinds', () => {
    const cache = new Map<string, readonly NodeKind[]>();
    const a = readPlainNode(NODES[0], cache);
    const b = readPlainNode({ ...NODES[0], id: 'KZ_OTHER' }, cache);
    const c = readPlainNode(NODES[1], cache);
    expect(a?.kinds).toBe(b?.kinds);
    expect(a?.kinds).not.toBe(c?.kinds);
    expect(Object.isFrozen(a?.kinds)).toBe(true);
    // The input's own array is not the one shared.
    expect(a?.kinds).not.toBe(NODES[0]?.kinds);
  });
});
