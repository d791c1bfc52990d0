/**
 * Draws route maps as standalone SVG: country outlines (Natural Earth, from world-atlas) projected with
 * d3-geo, the network in grey, routes in colour with ferry legs dashed and labelled by sea, avoided
 * countries hatched, origin and destination marked, and a legend. A pure function of its input: no network
 * model, no HTTP, no files beyond the bundled outlines; the same drawing serves the API and the map page.
 *
 * Only SVG presentation attributes are used (no <style>, no style=""), so the drawing renders under a strict
 * Content-Security-Policy, inline in a page or on its own.
 */
import { createRequire } from 'node:module';
import {
  type GeoPermissibleObjects,
  type GeoProjection,
  geoBounds,
  geoConicConformal,
  geoPath,
} from 'd3-geo';
import { iso31661NumericToAlpha2 } from 'iso-3166';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

export type LonLat = [number, number];

/** One link of the background network. */
export interface MapLink {
  coordinates: LonLat[];
  mode: string;
}

/** One node of the background network. */
export interface MapNode {
  lon: number;
  lat: number;
}

/** One leg of a route, in travel direction. */
export interface MapLeg {
  coordinates: LonLat[];
  mode: string;
  /** Ferry legs: the sea's display name. */
  sea?: string;
  from: string;
  to: string;
  distanceKm: number;
  durationHours: number;
}

export interface MapRoute {
  legs: MapLeg[];
  distanceKm: number;
  durationHours: number;
  co2eKgPerTonne: number;
}

export interface MapPlace {
  name: string;
  lon: number;
  lat: number;
}

/** The background network, with the memory of its earlier drawings when it has one. */
export interface MapNetwork {
  nodes: MapNode[];
  links: MapLink[];
  /** Drawings of the same network share it (one per network, see map-input.ts). */
  memory?: MapMemory;
}

export interface MapInput {
  /** Heading, e.g. "Xi'an → Duisburg". */
  title: string;
  /** Second line, e.g. "avoiding BY, RU · best by distance". */
  subtitle?: string;
  network?: MapNetwork;
  /** Best route first, then alternatives. */
  routes: MapRoute[];
  /** ISO 3166-1 alpha-2 codes of the countries to hatch as avoided. */
  avoid: string[];
  origin?: MapPlace;
  destination?: MapPlace;
}

export interface MapOptions {
  width?: number;
  height?: number;
}

/** Route colours, best first; chosen to stay apart for common colour-vision deficiencies. */
export const ROUTE_COLOURS = ['#1565c0', '#e66100', '#7b3294', '#1b7837', '#b2182b', '#4d4d4d'];

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const SEA = '#dbe7f1';
const LAND = '#f5f2eb';
const BORDER = '#c4bcad';
const NETWORK = '#9ca3ab';

interface CountryShape {
  alpha2: string | undefined;
  name: string;
  geometry: GeoPermissibleObjects;
  /** [[west, south], [east, north]] in degrees. */
  bounds: [[number, number], [number, number]];
}

const CACHE_SIZE = 64;

/** A small least-recently-used cache of drawn layers by view. */
function cached(cache: Map<string, string>, key: string, draw: () => string): string {
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = draw();
  cache.set(key, value);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return value;
}

/** Country outlines at 1:110m (plenty at continental scale, and fast to project). */
function loadCountries(): CountryShape[] {
  const require = createRequire(import.meta.url);
  const topology = require('world-atlas/countries-110m.json') as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const collection = feature(topology, topology.objects.countries);
  return collection.features.map((f) => ({
    alpha2: f.id === undefined ? undefined : iso31661NumericToAlpha2[String(f.id).padStart(3, '0')],
    name: f.properties?.name ?? '',
    geometry: f as GeoPermissibleObjects,
    bounds: geoBounds(f),
  }));
}

/**
 * What drawing the same network again can reuse: the country outlines, loaded on first use, and the drawn
 * country and network layers of the last views (they depend only on the projection, so a route asked again
 * draws in a few ms). Each network's map layer owns one, so drawings of two networks share nothing.
 */
export class MapMemory {
  private shapes: CountryShape[] | undefined;
  private readonly countryLayers = new Map<string, string>();
  private readonly networkLayers = new Map<string, string>();

  /** The country outlines. */
  countries(): CountryShape[] {
    this.shapes ??= loadCountries();
    return this.shapes;
  }

  /** The country layer drawn for this view, drawn now if not remembered. */
  countryLayer(viewKey: string, draw: () => string): string {
    return cached(this.countryLayers, viewKey, draw);
  }

  /** The network layer drawn for this view, drawn now if not remembered. */
  networkLayer(viewKey: string, draw: () => string): string {
    return cached(this.networkLayers, viewKey, draw);
  }
}

const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/** Path data with coordinates rounded to one decimal (a tenth of a pixel): a far smaller document. */
const tidy = (d: string | null): string =>
  (d ?? '').replace(/-?\d+\.\d{2,}/g, (n) => String(Math.round(Number(n) * 10) / 10));

const lineFeature = (coordinates: LonLat[]): GeoPermissibleObjects => ({ type: 'LineString', coordinates });

const formatKm = (km: number) => `${Math.round(km).toLocaleString('en-GB')} km`;
const formatDays = (hours: number) => `${(hours / 24).toFixed(1)} days`;

/** Longitude span overlap of two boxes, tolerant of boxes crossing the antimeridian (west > east). */
function overlaps(a: [[number, number], [number, number]], b: [[number, number], [number, number]]): boolean {
  if (a[1][1] < b[0][1] || b[1][1] < a[0][1]) return false;
  if (a[0][0] > a[1][0] || b[0][0] > b[1][0]) return true;
  return !(a[1][0] < b[0][0] || b[1][0] < a[0][0]);
}

/** Where a polyline of projected points is halfway along, and the direction there. */
function midpoint(points: [number, number][]): { x: number; y: number; angle: number } | undefined {
  if (points.length === 0) return undefined;
  const lengths = points
    .slice(1)
    .map((p, i) =>
      Math.hypot(p[0] - (points[i] as [number, number])[0], p[1] - (points[i] as [number, number])[1]),
    );
  let half = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    const segment = lengths[i] as number;
    const [ax, ay] = points[i] as [number, number];
    const [bx, by] = points[i + 1] as [number, number];
    if (half <= segment && segment > 0) {
      const t = half / segment;
      return { x: ax + (bx - ax) * t, y: ay + (by - ay) * t, angle: Math.atan2(by - ay, bx - ax) };
    }
    half -= segment;
  }
  const [x, y] = points[0] as [number, number];
  return { x, y, angle: 0 };
}

/** A projection centred on the drawing's content: conic conformal, standard parallels across Eurasia. */
function fitProjection(input: MapInput, width: number, height: number, top: number): GeoProjection {
  const lines: LonLat[][] = input.routes.flatMap((r) => r.legs.map((l) => l.coordinates));
  const content =
    lines.length > 0
      ? lines
      : (input.network?.links.map((l) => l.coordinates) ?? [
          [
            [10, 50],
            [110, 35],
          ],
        ]);
  const all = content.flat();
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const [west, east] = [Math.min(...lons), Math.max(...lons)];
  const [south, north] = [Math.min(...lats), Math.max(...lats)];
  // Some context around the content: a tenth of its span, at least 3 degrees.
  const padLon = Math.max(3, (east - west) * 0.1);
  const padLat = Math.max(3, (north - south) * 0.15);
  const frame: GeoPermissibleObjects = {
    type: 'MultiPoint',
    coordinates: [
      [west - padLon, south - padLat],
      [east + padLon, south - padLat],
      [west - padLon, north + padLat],
      [east + padLon, north + padLat],
      [(west + east) / 2, north + padLat],
      [(west + east) / 2, south - padLat],
    ],
  };
  const centre = (west + east) / 2;
  return geoConicConformal()
    .rotate([-centre, 0])
    .parallels([35, 55])
    .precision(1)
    .fitExtent(
      [
        [16, top + 8],
        [width - 16, height - 16],
      ],
      frame,
    )
    .clipExtent([
      [0, 0],
      [width, height],
    ]);
}

/**
 * Renders the map as an SVG document. Legs are `<path class="leg">` elements with `data-route`,
 * `data-leg` and `data-mode` attributes (ferry legs dashed), each with a `<title>` for hovering.
 */
export function renderMapSvg(input: MapInput, options: MapOptions = {}): string {
  const width = options.width ?? 1200;
  const height = options.height ?? 720;
  const headerHeight = input.subtitle ? 64 : 44;
  const projection = fitProjection(input, width, height, headerHeight);
  const path = geoPath(projection);
  const avoid = new Set(input.avoid);

  // The view's extent in degrees, to skip countries far outside it.
  const viewBounds = geoBounds({
    type: 'MultiPoint',
    coordinates: [
      [0, 0],
      [width / 2, 0],
      [width, 0],
      [width, height / 2],
      [width, height],
      [width / 2, height],
      [0, height],
      [0, height / 2],
    ]
      .map((p) => projection.invert?.(p as [number, number]))
      .filter((p): p is [number, number] => p !== null && p !== undefined),
  } as GeoPermissibleObjects);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="map-title map-desc" font-family="${escapeXml(FONT)}">`,
    `<title id="map-title">${escapeXml(input.title)}</title>`,
    `<desc id="map-desc">${escapeXml(
      input.routes.length
        ? `${input.routes.length} route${input.routes.length === 1 ? '' : 's'}; best ${formatKm(input.routes[0]?.distanceKm ?? 0)}, ${formatDays(input.routes[0]?.durationHours ?? 0)}.${input.subtitle ? ` ${input.subtitle}.` : ''}`
        : 'Network map.',
    )}</desc>`,
    '<defs>',
    '<pattern id="avoid-hatch" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)">',
    '<rect width="7" height="7" fill="#f6dcd8"/><line x1="0" y1="0" x2="0" y2="7" stroke="#d9776b" stroke-width="2.2"/>',
    '</pattern>',
    '</defs>',
    `<rect class="sea" width="${width}" height="${height}" fill="${SEA}"/>`,
  );

  // Without a network's memory, one for this drawing alone.
  const memory = input.network?.memory ?? new MapMemory();
  const viewKey = `${width}x${height}|${projection.scale()}|${projection.translate().join(',')}|${projection.rotate().join(',')}`;
  const countries = memory.countries().filter((c) => overlaps(c.bounds, viewBounds));
  out.push(
    memory.countryLayer(viewKey, () => {
      const paths = [
        `<g class="countries" fill="${LAND}" stroke="${BORDER}" stroke-width="0.6" stroke-linejoin="round">`,
      ];
      for (const c of countries) {
        const d = tidy(path(c.geometry));
        if (d) {
          paths.push(
            `<path class="country" data-country="${escapeXml(c.alpha2 ?? '')}" d="${d}"><title>${escapeXml(c.name)}</title></path>`,
          );
        }
      }
      paths.push('</g>');
      return paths.join('\n');
    }),
  );
  // Avoided countries hatched on top of the land, so their borders stay visible.
  out.push(
    '<g class="avoided-countries" fill="url(#avoid-hatch)" stroke="#c0392b" stroke-width="1" stroke-linejoin="round">',
  );
  for (const c of countries) {
    if (!c.alpha2 || !avoid.has(c.alpha2)) continue;
    const d = tidy(path(c.geometry));
    if (d) {
      out.push(
        `<path class="avoided" data-country="${c.alpha2}" d="${d}"><title>${escapeXml(c.name)} (avoided)</title></path>`,
      );
    }
  }
  out.push('</g>');

  // The network in grey.
  const network = input.network;
  if (network) {
    out.push(
      memory.networkLayer(viewKey, () => {
        const paths = [
          `<g class="network" fill="none" stroke="${NETWORK}" stroke-width="1" stroke-linecap="round" stroke-linejoin="round">`,
        ];
        for (const link of network.links) {
          const d = tidy(path(lineFeature(link.coordinates)));
          if (d) paths.push(`<path d="${d}"${link.mode === 'ferry' ? ' stroke-dasharray="3 3"' : ''}/>`);
        }
        paths.push('</g>', `<g class="network-nodes" fill="${NETWORK}">`);
        for (const n of network.nodes) {
          const p = projection([n.lon, n.lat]);
          if (p && p[0] >= 0 && p[0] <= width && p[1] >= 0 && p[1] <= height) {
            paths.push(`<circle cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="1.6"/>`);
          }
        }
        paths.push('</g>');
        return paths.join('\n');
      }),
    );
  }

  // Routes: alternatives under the best; each with a white casing so it reads over borders and network.
  const order = input.routes.map((_, i) => i).reverse();
  const seaLabels: { sea: string; x: number; y: number }[] = [];
  for (const r of order) {
    const route = input.routes[r] as MapRoute;
    const colour = ROUTE_COLOURS[r % ROUTE_COLOURS.length] as string;
    const widthPx = r === 0 ? 4 : 3;
    out.push(
      `<g class="route" data-route="${r}" fill="none" stroke-linecap="round" stroke-linejoin="round">`,
    );
    route.legs.forEach((leg, i) => {
      const d = tidy(path(lineFeature(leg.coordinates)));
      if (!d) return;
      const ferry = leg.mode === 'ferry';
      out.push(
        `<path class="casing" d="${d}" stroke="#ffffff" stroke-width="${widthPx + 3}" stroke-opacity="0.85"/>`,
      );
      const label = `${leg.from} → ${leg.to}: ${leg.mode}${leg.sea ? `, ${leg.sea}` : ''}, ${formatKm(leg.distanceKm)}, ${Math.round(leg.durationHours)} h`;
      out.push(
        `<path class="leg${ferry ? ' ferry' : ''}" data-route="${r}" data-leg="${i}" data-mode="${escapeXml(leg.mode)}"${leg.sea ? ` data-sea="${escapeXml(leg.sea)}"` : ''} d="${d}" stroke="${colour}" stroke-width="${widthPx}"${ferry ? ' stroke-dasharray="9 6" stroke-linecap="butt"' : ''}><title>${escapeXml(label)}</title></path>`,
      );
      if (ferry && leg.sea && !seaLabels.some((s) => s.sea === leg.sea)) {
        const points = leg.coordinates
          .map((c) => projection(c))
          .filter((p): p is [number, number] => p !== null);
        const mid = midpoint(points);
        if (mid) seaLabels.push({ sea: leg.sea, x: mid.x, y: mid.y });
      }
    });
    out.push('</g>');
  }

  // Stops of the best route, then origin and destination.
  const best = input.routes[0];
  if (best) {
    out.push('<g class="stops" fill="#ffffff" stroke="#1f2933" stroke-width="1.2">');
    for (const leg of best.legs.slice(1)) {
      const p = projection(leg.coordinates[0] as LonLat);
      if (p)
        out.push(
          `<circle cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="2.6"><title>${escapeXml(leg.from)}</title></circle>`,
        );
    }
    out.push('</g>');
  }
  const halo = 'stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"';
  for (const [place, kind] of [
    [input.origin, 'origin'],
    [input.destination, 'destination'],
  ] as const) {
    if (!place) continue;
    const p = projection([place.lon, place.lat]);
    if (!p) continue;
    const [x, y] = p;
    const anchor = x > width * 0.8 ? 'end' : x < width * 0.2 ? 'start' : 'middle';
    out.push(
      `<g class="place ${kind}"><circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="7" fill="${kind === 'origin' ? '#1f2933' : '#ffffff'}" stroke="#1f2933" stroke-width="2.5"/>`,
      `<text x="${x.toFixed(1)}" y="${(y - 13).toFixed(1)}" text-anchor="${anchor}" font-size="15" font-weight="700" fill="#1f2933" ${halo}>${escapeXml(place.name)}</text></g>`,
    );
  }
  for (const s of seaLabels) {
    out.push(
      `<text class="sea-label" x="${s.x.toFixed(1)}" y="${(s.y + 20).toFixed(1)}" text-anchor="middle" font-size="13" font-style="italic" font-weight="600" fill="#0b4f8a" ${halo}>${escapeXml(s.sea)}</text>`,
    );
  }

  // Header band and legend.
  out.push(
    `<rect x="0" y="0" width="${width}" height="${headerHeight}" fill="#ffffff" fill-opacity="0.92"/>`,
    `<text x="16" y="29" font-size="20" font-weight="700" fill="#1f2933">${escapeXml(input.title)}</text>`,
  );
  if (input.subtitle) {
    out.push(`<text x="16" y="52" font-size="14" fill="#52606d">${escapeXml(input.subtitle)}</text>`);
  }
  out.push(renderLegend(input, width, height));
  out.push(
    `<text x="10" y="${height - 8}" font-size="10" fill="#7b8794">Country outlines: Natural Earth</text>`,
    '</svg>',
  );
  return out.join('\n');
}

function renderLegend(input: MapInput, width: number, height: number): string {
  const rows: string[] = [];
  let y = 0;
  let longest = 0;
  const line = (swatch: string, text: string) => {
    longest = Math.max(longest, text.length);
    rows.push(
      `<g transform="translate(0 ${y})">${swatch}<text x="40" y="4" font-size="12.5" fill="#1f2933">${escapeXml(text)}</text></g>`,
    );
    y += 21;
  };
  input.routes.forEach((r, i) => {
    const colour = ROUTE_COLOURS[i % ROUTE_COLOURS.length];
    line(
      `<line x1="0" y1="0" x2="30" y2="0" stroke="${colour}" stroke-width="${i === 0 ? 4 : 3}" stroke-linecap="round"/>`,
      `${i === 0 ? 'Best' : `Alternative ${i}`}: ${formatKm(r.distanceKm)} · ${formatDays(r.durationHours)} · ${Math.round(r.co2eKgPerTonne)} kg CO2e/t`,
    );
  });
  if (input.routes.some((r) => r.legs.some((l) => l.mode === 'ferry'))) {
    line(
      '<line x1="0" y1="0" x2="30" y2="0" stroke="#1f2933" stroke-width="3" stroke-dasharray="9 6"/>',
      'Ferry leg',
    );
  }
  if (input.network) {
    line(`<line x1="0" y1="0" x2="30" y2="0" stroke="${NETWORK}" stroke-width="1.5"/>`, 'Network');
  }
  if (input.avoid.length > 0) {
    line(
      '<rect x="0" y="-7" width="30" height="14" fill="url(#avoid-hatch)" stroke="#c0392b"/>',
      `Avoided: ${input.avoid.join(', ')}`,
    );
  }
  if (rows.length === 0) return '';
  // Text width estimated at 0.6 em per character of 12.5 px type, after the 40 px swatch column.
  const boxWidth = Math.ceil(12 + 40 + longest * 7 + 14);
  const boxHeight = y + 14;
  // Bottom right: over the Indian Ocean and the Himalaya, away from the corridors.
  const x = width - boxWidth - 16;
  const top = height - boxHeight - 24;
  return `<g class="legend" transform="translate(${x} ${top})"><rect x="0" y="0" width="${boxWidth}" height="${boxHeight}" rx="6" fill="#ffffff" fill-opacity="0.94" stroke="#cbd2d9"/><g transform="translate(12 ${18})">${rows.join('')}</g></g>`;
}
