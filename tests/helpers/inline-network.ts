/** Builds small networks from literal tables for domain tests. */
import { createNetwork, type Network } from '../../src/domain/index.js';

export interface InlineNode {
  id: string;
  lat: number;
  lon: number;
  name?: string;
  aliases?: string[];
  kinds?: string[];
  dwellHours?: number;
  transferHours?: number;
  gauge?: number;
}

export type InlineLink = Record<string, unknown> & { from: string; to: string };

export const PARAMETERS = {
  railSpeedKmh: { default: { value: 40, source: 'test' }, byCountry: {} },
  roadSpeedKmh: { value: 50, source: 'test' },
  defaultDwellHours: { border: { value: 6, source: 'test' } },
  emissionFactors: {
    railElectric: { value: 10, source: 'test' },
    railDiesel: { value: 25, source: 'test' },
    ferry: { value: 60, source: 'test' },
    road: { value: 80, source: 'test' },
  },
};

export const SEAS = [
  { id: 'caspian', name: 'Caspian Sea', aliases: ['Caspian'], source: 'test' },
  { id: 'black-sea', name: 'Black Sea', aliases: [], source: 'test' },
];

/**
 * Node ids must start with their country: `KZ_A` is in KZ. Links default to 1435 mm rail. `advisories`, when
 * given, are the records of an advisories.json.
 */
export function inlineNetwork(
  nodes: InlineNode[],
  links: InlineLink[],
  parameters: Record<string, unknown> = PARAMETERS,
  advisories?: unknown[],
): Network {
  return createNetwork({
    ...(advisories ? { advisories: { file: 'advisories.json', records: advisories } } : {}),
    seas: [{ file: 'seas.json', records: SEAS }],
    nodes: [
      {
        file: 'nodes.json',
        records: nodes.map((n) => ({
          id: n.id,
          name: n.name ?? n.id,
          aliases: n.aliases ?? [],
          country: n.id.slice(0, 2),
          lat: n.lat,
          lon: n.lon,
          kinds: n.kinds ?? ['rail'],
          ...(n.dwellHours !== undefined ? { dwellHours: n.dwellHours } : {}),
          ...(n.transferHours !== undefined ? { transferHours: n.transferHours } : {}),
          ...(n.gauge !== undefined ? { gauge: n.gauge } : {}),
          source: 'test',
        })),
      },
    ],
    links: [
      {
        file: 'links.json',
        records: links.map((l) => ({
          mode: 'rail',
          ...(l.mode === undefined || l.mode === 'rail' ? { gauge: 1435 } : {}),
          source: 'test',
          ...l,
        })),
      },
    ],
    parameters: { file: 'parameters.json', records: parameters },
  });
}
