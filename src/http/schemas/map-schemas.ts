/** Schemas of the map answers (SVG) and of GET /map.svg. */
import { z } from 'zod';
import { listParameter } from './common-schema.js';

export const MapSvgSchema = z
  .string()
  .describe(
    'An SVG document (1200 × 720 viewBox): country outlines, the network in grey, each route in its colour (best first) with ferry legs dashed and labelled by sea, avoided countries hatched, origin and destination marked, and a legend with distance, days and CO2e per route. Each leg is a `<path class="leg">` with `data-route`, `data-leg` and `data-mode` attributes and a `<title>`.',
  )
  .meta({
    example:
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 720" width="1200" height="720" role="img">…</svg>',
  });

export const NetworkMapQuerySchema = z
  .strictObject({
    avoid: listParameter(
      z.string().max(20),
      60,
      'Countries to hatch as avoided: ISO 3166-1 alpha-2 or alpha-3 codes, any case.',
      ['RU', 'BY'],
    ),
  })
  .describe('Network map query');
