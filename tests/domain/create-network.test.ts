import { describe, expect, it } from 'vitest';
import { createNetwork, NetworkDataError } from '../../src/domain/index.js';
import { PARAMETERS, SEAS } from '../helpers/inline-network.js';

const node = (id: string, lat: number, lon: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: id,
  aliases: [],
  country: id.slice(0, 2),
  lat,
  lon,
  kinds: ['rail'],
  source: 'test',
  ...extra,
});
const NODES = [node('KZ_A', 43.6, 51.2), node('AZ_B', 40, 49.4)];
const RAIL = { from: 'KZ_A', to: 'AZ_B', mode: 'rail', gauge: 1520, distanceKm: 600, source: 'test' };

function problemsOf(nodes: unknown, links: unknown, seas: unknown = SEAS): string[] {
  try {
    createNetwork({
      seas: [{ file: 'seas.json', records: seas }],
      nodes: [{ file: 'nodes/x.json', records: nodes }],
      links: [{ file: 'links/y.json', records: links }],
      parameters: { file: 'parameters.json', records: PARAMETERS },
    });
  } catch (e) {
    if (e instanceof NetworkDataError) return e.problems;
    throw e;
  }
  return [];
}

describe('createNetwork validation', () => {
  it('accepts a valid network', () => {
    expect(problemsOf(NODES, [RAIL])).toEqual([]);
  });

  it('names file, record and field of an unknown node reference', () => {
    expect(problemsOf(NODES, [{ ...RAIL, to: 'AZ_X' }])).toEqual([
      'links/y.json[0] (KZ_A → AZ_X).to: "AZ_X" is not a known node',
    ]);
  });

  it('rejects a distance below the great-circle distance, with no tolerance', () => {
    const [problem] = problemsOf(NODES, [{ ...RAIL, distanceKm: 400 }]);
    expect(problem).toMatch(
      /^links\/y\.json\[0\] \(KZ_A → AZ_B\)\.distanceKm: 400 km is less than the great-circle distance 4\d\d\.\d km/,
    );
  });

  it('names a wrong type with the value received', () => {
    expect(problemsOf([node('KZ_A', 43.6, 51.2, { lat: '43.6' }), NODES[1]], [])).toEqual([
      'nodes/x.json[0] (KZ_A).lat: Invalid input: expected number, received string (got "43.6")',
    ]);
  });

  it('rejects coordinates out of range, duplicate ids and a negative distance', () => {
    const problems = problemsOf(
      [node('KZ_A', 95, 51.2), NODES[1], node('AZ_B', 41, 49)],
      [{ ...RAIL, distanceKm: -5 }],
    );
    expect(problems.some((p) => p.startsWith('nodes/x.json[0] (KZ_A).lat: Too big'))).toBe(true);
    expect(problems).toContain(
      'nodes/x.json[2] (AZ_B).id: duplicate node id "AZ_B" (first defined at nodes/x.json[1] (AZ_B))',
    );
    expect(problems.some((p) => p.startsWith('links/y.json[0] (KZ_A → AZ_B).distanceKm: Too small'))).toBe(
      true,
    );
  });

  it('requires a sea, sailing hours and sailings per week on a ferry, and a known sea', () => {
    const ferry = { from: 'KZ_A', to: 'AZ_B', mode: 'ferry', distanceKm: 600, source: 'test' };
    const problems = problemsOf(NODES, [ferry]);
    expect(problems).toContain(
      'links/y.json[0] (KZ_A → AZ_B).sea: is required for a ferry link (a seas.json id)',
    );
    expect(problems).toContain('links/y.json[0] (KZ_A → AZ_B).sailingHours: is required for a ferry link');
    expect(problemsOf(NODES, [{ ...ferry, sea: 'aral', sailingHours: 20, sailingsPerWeek: 2 }])[0]).toMatch(
      /\.sea: "aral" is not a sea/,
    );
  });

  it('rejects an unknown field (a misspelt field must not be ignored)', () => {
    expect(problemsOf(NODES, [{ ...RAIL, distancekm: 600 }])).toContain(
      'links/y.json[0] (KZ_A → AZ_B).distancekm: unknown field',
    );
  });

  it('rejects a node id whose prefix is not its country', () => {
    expect(problemsOf([node('KZ_A', 43.6, 51.2, { country: 'AZ' }), NODES[1]], [])[0]).toMatch(
      /^nodes\/x\.json\[0\] \(KZ_A\)\.id: must start/,
    );
  });

  it('rejects a duplicate link in either direction', () => {
    expect(problemsOf(NODES, [RAIL, { ...RAIL, from: 'AZ_B', to: 'KZ_A' }])[0]).toMatch(
      /^links\/y\.json\[1\] .*duplicate rail link/,
    );
  });

  it('rejects a file that is not an array', () => {
    expect(problemsOf({ nodes: [] }, [])).toContain('nodes/x.json: must be a JSON array of records');
  });

  it('builds the graphology model once, on first use, with every node and link', () => {
    const network = createNetwork({
      seas: [{ file: 'seas.json', records: SEAS }],
      nodes: [{ file: 'nodes/x.json', records: [...NODES, node('AZ_C', 40.5, 49.9)] }],
      links: [
        {
          file: 'links/y.json',
          records: [RAIL, { ...RAIL, from: 'AZ_B', to: 'AZ_C', distanceKm: 80, oneway: true }],
        },
      ],
      parameters: { file: 'parameters.json', records: PARAMETERS },
    });
    const graph = network.graph;
    expect(network.graph).toBe(graph);
    expect(graph.order).toBe(3);
    expect(graph.size).toBe(2);
    expect(graph.getEdgeAttributes('KZ_A--AZ_B--rail')).toBe(network.links[0]);
    expect(graph.isDirected('AZ_B--AZ_C--rail')).toBe(true);
    expect(graph.getNodeAttributes('AZ_C')).toBe(network.nodeById.get('AZ_C'));
  });
});
