/**
 * Writes a synthetic network of realistic shape in the graph-data/ layout (seas.json, nodes/*.json,
 * links/*.json, parameters.json), for benchmarks at any size: countries are cells of a grid over Eurasia,
 * each with hubs joined by rail lines through intermediate stations, border crossings (one node per side)
 * between neighbouring countries, and a few ferries between distant ports. Every rule of the format holds
 * (ids CC_NAME with the country prefix, distances at least the great-circle distance), so the normal loader
 * validates it. Deterministic for a given size and seed.
 *
 * Run: npx tsx scripts/synthetic-network.ts <nodes> <dir>
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { greatCircleKm } from '../src/domain/network/geo.js';
import { seededRandom } from './seeded-random.js';

const COUNTRIES = (
  'DE PL NL BE FR ES IT AT CZ SK HU RO BG RS GR SI HR LT LV EE FI SE NO DK CH PT IE GB UA BY ' +
  'RU MD GE AZ AM TR IR TM UZ KZ KG TJ AF PK MN CN IN NP BD MM TH VN LA KH MY ID PH KR JP'
).split(' ');

interface SyntheticNode {
  id: string;
  name: string;
  country: string;
  lat: number;
  lon: number;
  kinds: string[];
  dwellHours?: number;
  source: string;
}

/** Writes a network of about `target` nodes into `dir`; returns the node and link counts. */
export function writeSyntheticNetwork(
  dir: string,
  target: number,
  seed = 1,
): { nodes: number; links: number; countries: number } {
  const random = seededRandom(seed);
  const countryCount = Math.max(4, Math.min(COUNTRIES.length, Math.round(Math.sqrt(target) / 2)));
  const cols = Math.ceil(Math.sqrt(countryCount * 2));
  const rows = Math.ceil(countryCount / cols);
  const cellLon = 120 / cols;
  const cellLat = 25 / rows;
  const perCountry = Math.max(10, Math.floor(target / countryCount));

  const nodes: SyntheticNode[][] = [];
  const links: Record<string, unknown>[] = [];
  const hubsOf: SyntheticNode[][] = [];
  const rail = (a: SyntheticNode, b: SyntheticNode, factor: number) => {
    const gc = greatCircleKm(a.lat, a.lon, b.lat, b.lon);
    links.push({
      from: a.id,
      to: b.id,
      mode: 'rail',
      distanceKm: Math.ceil(gc * factor * 10) / 10 + 0.1,
      gauge: 1435,
      source: 'synthetic',
    });
  };
  let serial = 0;
  const makeNode = (country: string, lat: number, lon: number, kinds: string[]): SyntheticNode => {
    serial++;
    return {
      id: `${country}_N${serial}`,
      name: `${country} station ${serial}`,
      country,
      lat: Math.round(lat * 1e5) / 1e5,
      lon: Math.round(lon * 1e5) / 1e5,
      kinds,
      ...(kinds.includes('hub') ? { dwellHours: 2 } : {}),
      source: 'synthetic',
    };
  };

  for (let c = 0; c < countryCount; c++) {
    const country = COUNTRIES[c] as string;
    const lon0 = 5 + (c % cols) * cellLon;
    const lat0 = 30 + Math.floor(c / cols) * cellLat;
    const inCell = () => [lat0 + (0.05 + 0.9 * random()) * cellLat, lon0 + (0.05 + 0.9 * random()) * cellLon];
    const hubCount = Math.max(3, Math.round(perCountry / 120));
    const hubs: SyntheticNode[] = [];
    for (let h = 0; h < hubCount; h++) {
      const [lat, lon] = inCell() as [number, number];
      hubs.push(makeNode(country, lat, lon, ['rail', 'hub']));
    }
    // Lines: each hub to its nearest earlier hub (a tree), and a third of them to a second one (loops).
    const lines: [SyntheticNode, SyntheticNode][] = [];
    hubs.forEach((hub, i) => {
      if (i === 0) return;
      const near = hubs
        .slice(0, i)
        .map((o) => [o, (o.lat - hub.lat) ** 2 + (o.lon - hub.lon) ** 2] as const)
        .sort((a, b) => a[1] - b[1]);
      lines.push([near[0]?.[0] as SyntheticNode, hub]);
      if (near.length > 1 && random() < 0.35) lines.push([near[1]?.[0] as SyntheticNode, hub]);
    });
    const list = [...hubs];
    const stationsPerLine = Math.max(0, Math.floor((perCountry - hubCount) / Math.max(1, lines.length)));
    for (const [a, b] of lines) {
      let prev = a;
      for (let k = 1; k <= stationsPerLine; k++) {
        const f = k / (stationsPerLine + 1);
        const jitter = (0.15 * Math.min(cellLat, cellLon)) / Math.sqrt(stationsPerLine + 1);
        const station = makeNode(
          country,
          a.lat + (b.lat - a.lat) * f + (random() - 0.5) * jitter,
          a.lon + (b.lon - a.lon) * f + (random() - 0.5) * jitter,
          ['rail'],
        );
        list.push(station);
        rail(prev, station, 1.05 + 0.25 * random());
        prev = station;
      }
      rail(prev, b, 1.05 + 0.25 * random());
    }
    nodes.push(list);
    hubsOf.push(hubs);
  }

  // Border crossings between grid neighbours: a border node on each side, each tied to its nearest hub.
  const nearestHub = (c: number, lat: number, lon: number) =>
    (hubsOf[c] as SyntheticNode[]).reduce((best, h) =>
      (h.lat - lat) ** 2 + (h.lon - lon) ** 2 < (best.lat - lat) ** 2 + (best.lon - lon) ** 2 ? h : best,
    );
  for (let c = 0; c < countryCount; c++) {
    for (const d of [c + 1, c + cols]) {
      if (d >= countryCount || (d === c + 1 && d % cols === 0)) continue;
      const crossings = 1 + Math.floor(random() * 3);
      for (let k = 0; k < crossings; k++) {
        const horizontal = d === c + 1;
        const edgeLon = horizontal ? 5 + (d % cols) * cellLon : 5 + ((c % cols) + random()) * cellLon;
        const edgeLat = horizontal
          ? 30 + (Math.floor(c / cols) + random()) * cellLat
          : 30 + Math.floor(d / cols) * cellLat;
        const a = makeNode(
          COUNTRIES[c] as string,
          edgeLat - (horizontal ? 0 : 0.02),
          edgeLon - (horizontal ? 0.02 : 0),
          ['rail', 'border'],
        );
        const b = makeNode(
          COUNTRIES[d] as string,
          edgeLat + (horizontal ? 0 : 0.02),
          edgeLon + (horizontal ? 0.02 : 0),
          ['rail', 'border'],
        );
        (nodes[c] as SyntheticNode[]).push(a);
        (nodes[d] as SyntheticNode[]).push(b);
        rail(a, b, 1.2);
        rail(nearestHub(c, a.lat, a.lon), a, 1.2);
        rail(nearestHub(d, b.lat, b.lon), b, 1.2);
      }
    }
  }

  // A few ferries between hubs of countries two or more cells apart (the ports).
  const ferries = Math.max(2, Math.round(countryCount / 4));
  for (let k = 0; k < ferries; k++) {
    const c = Math.floor(random() * countryCount);
    const d = (c + 2 + Math.floor(random() * 3)) % countryCount;
    if (c === d) continue;
    const a = pickHub(hubsOf[c] as SyntheticNode[], random);
    const b = pickHub(hubsOf[d] as SyntheticNode[], random);
    for (const p of [a, b]) if (!p.kinds.includes('port')) p.kinds.push('port');
    const gc = greatCircleKm(a.lat, a.lon, b.lat, b.lon);
    links.push({
      from: a.id,
      to: b.id,
      mode: 'ferry',
      distanceKm: Math.ceil(gc * 12) / 10 + 0.1,
      sea: k % 2 ? 'inner-sea' : 'outer-sea',
      sailingHours: Math.ceil(gc / 30),
      sailingsPerWeek: 3,
      source: 'synthetic',
    });
  }

  makeLayout(dir);
  writeFileSync(
    join(dir, 'seas.json'),
    JSON.stringify([
      { id: 'inner-sea', name: 'Inner Sea', aliases: [], source: 'synthetic' },
      { id: 'outer-sea', name: 'Outer Sea', aliases: [], source: 'synthetic' },
    ]),
  );
  writeFileSync(join(dir, 'parameters.json'), JSON.stringify(PARAMETERS));
  const chunk = 50_000;
  const allNodes = nodes.flat();
  for (let i = 0, f = 0; i < allNodes.length; i += chunk, f++) {
    writeFileSync(
      join(dir, 'nodes', `part-${String(f).padStart(3, '0')}.json`),
      JSON.stringify(allNodes.slice(i, i + chunk)),
    );
  }
  for (let i = 0, f = 0; i < links.length; i += chunk, f++) {
    writeFileSync(
      join(dir, 'links', `part-${String(f).padStart(3, '0')}.json`),
      JSON.stringify(links.slice(i, i + chunk)),
    );
  }
  return { nodes: allNodes.length, links: links.length, countries: countryCount };
}

function pickHub(hubs: SyntheticNode[], random: () => number): SyntheticNode {
  return hubs[Math.floor(random() * hubs.length)] as SyntheticNode;
}

/** Creates the layout's folders; refuses a directory that already holds files (never overwrites data). */
function makeLayout(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty`);
  mkdirSync(join(dir, 'nodes'), { recursive: true });
  mkdirSync(join(dir, 'links'), { recursive: true });
}

const sourced = (value: number) => ({ value, source: 'synthetic' });
const PARAMETERS = {
  railSpeedKmh: { default: sourced(40), byCountry: { KZ: sourced(33), CN: sourced(42), TR: sourced(25) } },
  roadSpeedKmh: sourced(50),
  defaultDwellHours: { border: sourced(6), 'gauge-change': sourced(24), port: sourced(36) },
  emissionFactors: {
    railElectric: sourced(20),
    railDiesel: sourced(25),
    ferry: sourced(35),
    road: sourced(75),
  },
};

if (process.argv[1]?.endsWith('synthetic-network.ts')) {
  const [count, dir] = process.argv.slice(2);
  if (!count || !dir) {
    process.stderr.write('usage: tsx scripts/synthetic-network.ts <nodes> <dir>\n');
    process.exit(2);
  }
  const made = writeSyntheticNetwork(dir, Number(count));
  process.stdout.write(`${dir}: ${made.nodes} nodes, ${made.links} links, ${made.countries} countries\n`);
}
