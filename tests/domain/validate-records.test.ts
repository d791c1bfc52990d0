/**
 * The two ways of validating network records accept exactly the same data: on random small networks, clean
 * or with one fault injected, the quick way gives up whenever the full way finds a problem, and when it does
 * not give up it returns the same records, indices and ends as the full way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../scripts/seeded-random.js';
import { NetworkDataError } from '../../src/domain/errors.js';
import { greatCircleKm } from '../../src/domain/network/geo.js';
import {
  type RawNetwork,
  type ValidRecords,
  validateFully,
  validateQuickly,
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

function fully(raw: RawNetwork): ValidRecords | NetworkDataError {
  try {
    return validateFully(raw);
  } catch (error) {
    if (error instanceof NetworkDataError) return error;
    throw error;
  }
}

describe('validateQuickly and validateFully', () => {
  it('accept the same networks and return the same records', () => {
    const outcomes = new Map<Fault, { quick: number; gaveUp: number }>();
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(...FAULTS), (seed, fault) => {
        const full = fully(randomRaw(seed, fault));
        const quick = validateQuickly(randomRaw(seed, fault));
        const tally = outcomes.get(fault) ?? { quick: 0, gaveUp: 0 };
        outcomes.set(fault, tally);
        if (quick === null) {
          tally.gaveUp++;
          return;
        }
        tally.quick++;
        expect(full, `${fault}: the quick way accepted what the full way rejects`).not.toBeInstanceOf(
          NetworkDataError,
        );
        expect(quick).toStrictEqual(full);
      }),
      { numRuns: 600 },
    );
    for (const fault of FAULTS) {
      const tally = outcomes.get(fault);
      expect(tally, fault).toBeDefined();
      if (HARMLESS.includes(fault)) {
        // A valid network never needs the full way.
        expect(tally?.gaveUp, fault).toBe(0);
      } else {
        expect(tally?.quick, fault).toBe(0);
      }
    }
  });

  it('the full way names every fault (so that giving up above is never silent)', () => {
    for (const fault of FAULTS) {
      const full = fully(randomRaw(7, fault));
      if (HARMLESS.includes(fault)) expect(full, fault).not.toBeInstanceOf(NetworkDataError);
      else {
        expect(full, fault).toBeInstanceOf(NetworkDataError);
        expect((full as NetworkDataError).problems.length, fault).toBeGreaterThan(0);
      }
    }
  });
});
