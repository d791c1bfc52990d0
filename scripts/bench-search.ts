/**
 * Times place search on a synthetic network of 100,000 nodes (each with a name and an alias, so about
 * 300,000 keys with the ids): 1,000 queries each of exact names, prefixes and names with typos, at the
 * limits the API uses (5 for suggestions, 20 for autocomplete, 200 for /nodes totals).
 * Run: npx tsx scripts/bench-search.ts [nodes]
 */
import { buildPlaceIndex, foldText, type NodeRecord, searchPlaceIds } from '../src/domain/index.js';
import { seededRandom } from './seeded-random.js';

const count = Number(process.argv[2] ?? 100_000);
// Seeded, so every run times the same queries.
const random = seededRandom(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const onsets = 'b c d g h k l m n p r s t v z sh ch kh st tr br gr'.split(' ');
const vowels = 'a e i o u y ia ai ou'.split(' ');
const codas = ['', '', '', 'n', 'r', 'k', 'l', 's', 'sk', 'nd'];
const makeName = () => {
  const n = 2 + Math.floor(random() * 3);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(onsets) + pick(vowels) + pick(codas);
  return s.charAt(0).toUpperCase() + s.slice(1);
};

const nodes: NodeRecord[] = [];
for (let i = 0; i < count; i++) {
  const name = `${makeName()} ${pick(['', 'Port', 'Station', 'Junction', 'Yard'])}`.trim();
  nodes.push({
    id: `XX_N${i}`,
    name,
    aliases: [`${makeName()}${i % 7 === 0 ? ' Gate' : ''}`],
    country: 'CN',
    lat: 0,
    lon: 0,
    kinds: ['rail'],
    source: 'synthetic',
  } as NodeRecord);
}

let started = performance.now();
const index = buildPlaceIndex(nodes);
const buildMs = performance.now() - started;
const heapMb = process.memoryUsage().heapUsed / 1e6;

const typo = (s: string) => {
  const i = 1 + Math.floor(random() * (s.length - 2));
  const kind = Math.floor(random() * 3);
  if (kind === 0) return s.slice(0, i) + s.slice(i + 1); // deletion
  if (kind === 1) return `${s.slice(0, i)}x${s.slice(i)}`; // insertion
  return `${s.slice(0, i)}q${s.slice(i + 1)}`; // substitution
};
const sample = Array.from({ length: 1000 }, () => pick(nodes).name);
const sets: Record<string, string[]> = {
  exact: sample,
  prefix: sample.map((s) => s.slice(0, 3 + Math.floor(random() * 3))),
  typo: sample.map(typo),
};

process.stdout.write(
  `${count} nodes, ${index.keys.length} keys, ${index.grams.size} trigrams; index built in ${buildMs.toFixed(0)} ms; heap ${heapMb.toFixed(0)} MB\n`,
);
for (const limit of [5, 20, 200]) {
  for (const [kind, queries] of Object.entries(sets)) {
    let found = 0;
    let intendedFirst = 0;
    started = performance.now();
    const answers = queries.map((q) => searchPlaceIds(index, q, limit));
    const ms = performance.now() - started;
    answers.forEach((ids, i) => {
      if (ids.length > 0) found++;
      const intended = index.byKey.get(foldText(sample[i] as string)) ?? [];
      if (intended.includes(ids[0] ?? '')) intendedFirst++;
    });
    process.stdout.write(
      `limit ${String(limit).padStart(3)} ${kind.padEnd(6)}: 1000 queries in ${ms.toFixed(0).padStart(5)} ms (${(ms / 1000).toFixed(3)} ms/query), ${found} with results, ${intendedFirst} with the intended name first\n`,
    );
  }
}
