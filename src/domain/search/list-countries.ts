/** The countries present in a network, with how many nodes each has. */
import type { z } from 'zod';
import { countryByAlpha2 } from '../network/countries.js';
import type { NodeRecord } from '../network/network-schema.js';
import type { CountryListSchema } from '../results/node-result-schemas.js';

export type CountrySummary = z.output<typeof CountryListSchema>['countries'][number];

/** Countries that have at least one node, sorted by code. */
export function summarizeCountries(nodes: readonly NodeRecord[]): CountrySummary[] {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.country, (counts.get(n.country) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, nodeCount]) => {
      const c = countryByAlpha2(code);
      return { code, alpha3: c?.alpha3 ?? code, name: c?.name ?? code, nodeCount };
    });
}
