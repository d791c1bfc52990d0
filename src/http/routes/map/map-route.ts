/**
 * The map page (GET / and its same-origin scripts and stylesheet from public/), the page's vendored assets
 * under /assets/ (d3-geo for the projection, the Natural Earth outlines as GeoJSON) and GET /map.svg, the
 * network drawn alone. The page plans through the API itself (/routes, /nodes, /countries, /network), so it
 * needs nothing from any other origin.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { iso31661NumericToAlpha2 } from 'iso-3166';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { networkMapInput } from '../../../domain/export/map-input.js';
import { renderMapSvg } from '../../../domain/export/render-map-svg.js';
import { type Network, toAlpha2 } from '../../../domain/index.js';
import { problemResponse } from '../../errors/problem-responses.js';
import { MapPageQuerySchema, MapSvgSchema, NetworkMapQuerySchema } from '../../schemas/map-schemas.js';

/** public/ next to src/ and dist/, whichever this module runs from. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../../../public/', import.meta.url));

/** One asset of the page, read once at start. */
interface PageAsset {
  type: string;
  body: string;
}

/** Assets change only with a release (they come from installed packages), so browsers may keep them a day. */
const ASSET_CACHE_CONTROL = 'public, max-age=86400';

/** Coordinates to 0.01° (about 1 km, far below the 1:110m outlines' own precision): a third of the size. */
function roundCoordinates<T>(value: T): T {
  if (typeof value === 'number') return (Math.round(value * 100) / 100) as T;
  if (Array.isArray(value)) return value.map(roundCoordinates) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundCoordinates(v)])) as T;
  }
  return value;
}

/**
 * The page's assets from installed packages: d3-array and d3-geo as classic scripts (their UMD builds: the
 * page draws with the same projection code as the server's SVG), and the 1:110m Natural Earth country
 * outlines (world-atlas) as GeoJSON whose features carry their ISO 3166-1 alpha-2 code in `id`.
 */
export function pageAssets(): Map<string, PageAsset> {
  const require = createRequire(import.meta.url);
  // The UMD builds are not in the packages' exports, so they are read from the resolved package folder.
  const script = (name: string, file: string): PageAsset => {
    const entry = require.resolve(name);
    const marker = `${sep}node_modules${sep}${name}${sep}`;
    const root = entry.slice(0, entry.lastIndexOf(marker) + marker.length);
    return { type: 'text/javascript; charset=utf-8', body: readFileSync(join(root, file), 'utf8') };
  };
  const topology = require('world-atlas/countries-110m.json') as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const outlines = feature(topology, topology.objects.countries);
  const countries = {
    type: 'FeatureCollection',
    source: 'Natural Earth 1:110m countries, via world-atlas (https://github.com/topojson/world-atlas)',
    features: outlines.features.map((f) => ({
      type: 'Feature',
      id: f.id === undefined ? '' : (iso31661NumericToAlpha2[String(f.id).padStart(3, '0')] ?? ''),
      properties: { name: f.properties?.name ?? '' },
      geometry: roundCoordinates(f.geometry),
    })),
  };
  return new Map([
    ['d3-array.min.js', script('d3-array', 'dist/d3-array.min.js')],
    ['d3-geo.min.js', script('d3-geo', 'dist/d3-geo.min.js')],
    ['countries-110m.geojson', { type: 'application/geo+json', body: JSON.stringify(countries) }],
  ]);
}

export const mapRoute: FastifyPluginAsyncZod<{ network: Network }> = async (app, { network }) => {
  // Only the files present at start are routed (no wildcard), so unknown paths stay problem+json 404s. The page
  // itself is routed below, with the parameters of its address.
  await app.register(fastifyStatic, { root: PUBLIC_DIR, wildcard: false, index: false });

  app.get('/', { schema: { hide: true, querystring: MapPageQuerySchema } }, (_request, reply) =>
    reply.sendFile('index.html'),
  );

  const assets = pageAssets();
  for (const [name, asset] of assets) {
    app.get(`/assets/${name}`, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('cache-control', ASSET_CACHE_CONTROL).type(asset.type).send(asset.body),
    );
  }

  app.get(
    '/map.svg',
    {
      schema: {
        operationId: 'getNetworkMap',
        tags: ['Network'],
        summary: 'The network as an SVG map',
        description:
          'The whole network drawn over country outlines (Natural Earth), with the countries in `avoid` hatched: the same drawing as `GET /routes?format=svg`, without routes. Self-contained (no external fonts, tiles or scripts).',
        querystring: NetworkMapQuerySchema,
        response: {
          200: {
            description: 'SVG map of the network',
            content: { 'image/svg+xml': { schema: MapSvgSchema } },
          },
          400: problemResponse('Invalid parameter or unknown country code'),
        },
      },
    },
    async (request, reply) => {
      const avoid = [...new Set((request.query.avoid ?? []).map((c) => toAlpha2(c, 'avoid')))].sort();
      return reply.type('image/svg+xml').send(renderMapSvg(networkMapInput(network, avoid)));
    },
  );
};
