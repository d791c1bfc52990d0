/**
 * Validation of network records: on random small networks, clean or with one fault injected, validateRecords
 * accepts exactly the networks without a fault, and then returns each record as its zod schema (uncompiled)
 * outputs it, numbered in file order, with the right ends; with a fault it names the problem.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../scripts/seeded-random.js';
import { NetworkDataError } from '../../src/domain/errors.js';
import { nodeDwellHours, nodeTransferHours } from '../../src/domain/network/estimate-costs.js';
import { greatCircleKm } from '../../src/domain/network/geo.js';
import {
  LinkRecordSchema,
  NodeRecordSchema,
  ParametersSchema,
  SeaRecordSchema,
} from '../../src/domain/network/network-schema.js';
import {
  type RawNetwork,
  type ValidRecords,
  validateRecords,
} from '../../src/domain/network/validate-records.js';
import { PARAMETERS, SEAS } from '../helpers/inline-network.js';

type Json = Record<string, unknown>;

const FAULTS = [
  'none',
  'padded text',
  'parallel link of another mode',
  'distance exactly the great-circle distance',
  'duplicate node id',
  'link to an unknown node',
  'link to an invalid node',
  'duplicate link reversed',
  'duplicate link',
  'distance below the great-circle distance',
  'distance a hair below the great-circle distance',
  'unknown sea',
  'duplicate sea',
  'invalid parameters',
  'nodes file not an array',
  'unknown link field',
  'ferry without sailings',
] as const;
type Fault = (typeof FAULTS)[number];
/** Faults that leave the network valid. */
const HARMLESS: readonly Fault[] = [
  'none',
  'padded text',
  'parallel link of another mode',
  'distance exactly the great-circle distance',
];

const withoutGauge = ({ gauge: _, ...rest }: Json): Json => rest;

function randomRaw(seed: number, fault: Fault): RawNetwork {
  const random = seededRandom(seed);
  const countries = ['KZ', 'AZ', 'GE'];
  const count = 20 + Math.floor(random() * 40);
  const nodes: Json[] = Array.from({ length: count }, (_, i) => {
    const country = countries[Math.floor((i / count) * countries.length)] as string;
    return {
      id: `${country}_N${i}`,
      name: `Node ${i}`,
      country,
      lat: 40 + random() * 4,
      lon: 45 + random() * 8,
      kinds: random() < 0.2 ? ['rail', 'border'] : ['rail'],
      ...(random() < 0.2 ? { dwellHours: Math.floor(random() * 12) } : {}),
      source: 'test',
    };
  });
  const gc = (a: Json, b: Json) =>
    greatCircleKm(a.lat as number, a.lon as number, b.lat as number, b.lon as number);
  const links: Json[] = [];
  const pairs = new Set<string>();
  const addLink = (i: number, j: number, mode: 'rail' | 'road' | 'ferry') => {
    const a = nodes[i] as Json;
    const b = nodes[j] as Json;
    const key = `${Math.min(i, j)}|${Math.max(i, j)}|${mode}`;
    if (i === j || pairs.has(key)) return;
    pairs.add(key);
    const base = { from: a.id, to: b.id, mode, distanceKm: Math.ceil(gc(a, b) * 1.2) + 1, source: 'test' };
    if (mode === 'rail') links.push({ ...base, gauge: 1520 });
    else if (mode === 'road') links.push(base);
    else links.push({ ...base, sea: 'caspian', sailingHours: 20, sailingsPerWeek: 2 });
  };
  for (let i = 1; i < count; i++) addLink(Math.max(0, i - 1 - Math.floor(random() * 3)), i, 'rail');
  for (let k = 0; k < count / 2; k++) {
    const a = Math.floor(random() * count);
    addLink(a, Math.floor(random() * count), random() < 0.2 ? 'ferry' : 'rail');
  }
  const seas: Json[] = structuredClone(SEAS);
  const parameters: Json = structuredClone(PARAMETERS);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)] as T;
  const link = pick(links);
  const node = pick(nodes);
  const rail = links.find((l) => l.mode === 'rail') as Json;
  const gcOf = (l: Json) =>
    gc(nodes.find((n) => n.id === l.from) as Json, nodes.find((n) => n.id === l.to) as Json);
  let nodeRecords: unknown = nodes;
  switch (fault) {
    case 'none':
      break;
    case 'padded text':
      node.name = `  ${node.name}\t`;
      link.source = ' test ';
      break;
    case 'parallel link of another mode':
      links.push({ from: rail.to, to: rail.from, mode: 'road', distanceKm: rail.distanceKm, source: 'test' });
      break;
    case 'distance exactly the great-circle distance':
      link.distanceKm = gcOf(link);
      break;
    case 'distance a hair below the great-circle distance':
      link.distanceKm = gcOf(link) * (1 - 1e-12);
      break;
    case 'duplicate node id':
      nodes.push({ ...node, name: 'Again' });
      break;
    case 'link to an unknown node':
      link.to = 'KZ_NOWHERE';
      break;
    case 'link to an invalid node':
      (nodes.find((n) => n.id === link.from) as Json).lat = '41';
      break;
    case 'duplicate link reversed':
      links.push({ ...rail, from: rail.to, to: rail.from });
      break;
    case 'duplicate link':
      links.push({ ...link, distanceKm: (link.distanceKm as number) + 5 });
      break;
    case 'distance below the great-circle distance':
      link.distanceKm = 0.001;
      break;
    case 'unknown sea':
      links.push({ ...withoutGauge(rail), mode: 'ferry', sea: 'aral', sailingHours: 5, sailingsPerWeek: 1 });
      break;
    case 'duplicate sea':
      seas.push({ ...(seas[0] as Json), name: 'Again' });
      break;
    case 'invalid parameters':
      (parameters.roadSpeedKmh as Json).value = 0;
      break;
    case 'nodes file not an array':
      nodeRecords = { nodes };
      break;
    case 'unknown link field':
      link.distancekm = 5;
      break;
    case 'ferry without sailings':
      links.push({ ...withoutGauge(rail), mode: 'ferry', sea: 'caspian' });
      break;
  }
  // Several files, so that record numbering across files is exercised too.
  const half = Math.floor(links.length / 2);
  return {
    seas: [{ file: 'seas.json', records: seas }],
    nodes: [{ file: 'nodes/a.json', records: nodeRecords }],
    links: [
      { file: 'links/a.json', records: links.slice(0, half) },
      { file: 'links/b.json', records: links.slice(half) },
    ],
    parameters: { file: 'parameters.json', records: parameters },
  };
}

function validated(raw: RawNetwork): ValidRecords | NetworkDataError {
  try {
    return validateRecords(raw);
  } catch (error) {
    if (error instanceof NetworkDataError) return error;
    throw error;
  }
}

/** What a valid network's records must come out as, built from the uncompiled schemas record by record. */
function expected(raw: RawNetwork): ValidRecords {
  const all = (files: RawNetwork['nodes']) => files.flatMap((f) => f.records as unknown[]);
  const parameters = ParametersSchema.parse(raw.parameters.records);
  const nodes = all(raw.nodes).map((r, index) => {
    const record = NodeRecordSchema.parse(r);
    return {
      ...record,
      index,
      dwell: nodeDwellHours(record, parameters),
      transfer: nodeTransferHours(record, parameters),
    };
  });
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const links = all(raw.links).map((r) => LinkRecordSchema.parse(r));
  const index = (id: string) => (nodeById.get(id) as { index: number }).index;
  return {
    seas: new Map(
      all(raw.seas)
        .map((r) => SeaRecordSchema.parse(r))
        .map((s) => [s.id, s]),
    ),
    parameters,
    nodes,
    nodeById,
    links,
    ends: Int32Array.from(links.flatMap((l) => [index(l.from), index(l.to)])),
  };
}

describe('validateRecords', () => {
  it('accepts exactly the networks without a fault, and returns their records as zod outputs them', () => {
    const outcomes = new Map<Fault, { accepted: number; rejected: number }>();
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(...FAULTS), (seed, fault) => {
        const result = validated(randomRaw(seed, fault));
        const tally = outcomes.get(fault) ?? { accepted: 0, rejected: 0 };
        outcomes.set(fault, tally);
        if (result instanceof NetworkDataError) {
          tally.rejected++;
          expect(result.problems.length, fault).toBeGreaterThan(0);
          return;
        }
        tally.accepted++;
        expect(result).toStrictEqual(expected(randomRaw(seed, fault)));
      }),
      { numRuns: 600 },
    );
    for (const fault of FAULTS) {
      const tally = outcomes.get(fault);
      expect(tally, fault).toBeDefined();
      if (HARMLESS.includes(fault)) expect(tally?.rejected, fault).toBe(0);
      else expect(tally?.accepted, fault).toBe(0);
    }
  });

  it('lists the problems of links in record order, across files', () => {
    const raw = randomRaw(3, 'none');
    const [a, b] = raw.links.map((f) => f.records as Json[]) as [Json[], Json[]];
    const first = a[0] as Json;
    // Record a[1] repeats a[0]; b[0] has a distance below the great-circle one; b[1] names an unknown node.
    a[1] = { ...first, distanceKm: (first.distanceKm as number) + 1 };
    b[0] = { ...(b[0] as Json), distanceKm: 0.001 };
    b[1] = { ...(b[1] as Json), to: 'KZ_NOWHERE' };
    const result = validated(raw);
    expect(result).toBeInstanceOf(NetworkDataError);
    const problems = (result as NetworkDataError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(
      /^links\/a\.json\[1\] .*: duplicate rail link .*\(first at links\/a\.json\[0\] /,
    );
    expect(problems[1]).toMatch(
      /^links\/b\.json\[0\] .*\.distanceKm: 0\.001 km is less than the great-circle/,
    );
    expect(problems[2]).toMatch(/^links\/b\.json\[1\] .*\.to: "KZ_NOWHERE" is not a known node$/);
  });

  it('gives nodes with the same kinds one shared, frozen kinds list', () => {
    const result = validateRecords(randomRaw(11, 'none'));
    const rail = result.nodes.filter((n) => n.kinds.length === 1);
    const border = result.nodes.filter((n) => n.kinds.length === 2);
    expect(rail.length).toBeGreaterThan(1);
    expect(border.length).toBeGreaterThan(1);
    expect(new Set(rail.map((n) => n.kinds)).size).toBe(1);
    expect(new Set(border.map((n) => n.kinds)).size).toBe(1);
    expect(Object.isFrozen(rail[0]?.kinds)).toBe(true);
    expect(rail[0]?.kinds).toEqual(['rail']);
  });
});
