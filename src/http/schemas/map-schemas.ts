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

const pageField = (description: string) => z.string().max(2000).optional().describe(description);
const pageList = (description: string) =>
  z
    .array(z.string().max(200))
    .max(100)
    .optional()
    .describe(`${description} Comma-separated and/or repeated.`);

/**
 * The parameters of the map page's address (GET /?origin=…): the plan it draws on load, its language and the
 * selected route (public/app.js, readAddress). The page reads their values itself, forgivingly (an unknown
 * metric falls back to the default), so only their names and sizes are checked here: an unknown parameter is a
 * 400, as everywhere. A parameter the page starts to keep in its address is added here.
 */
export const MapPageQuerySchema = z
  .strictObject({
    origin: pageField('Where the cargo starts, as typed.'),
    destination: pageField('Where the cargo goes, as typed.'),
    via: pageList('Places to pass through.'),
    avoid: pageList('Countries to avoid.'),
    avoidModes: pageList('Modes to avoid.'),
    avoidSeas: pageList('Seas to avoid.'),
    avoidNodes: pageList('Nodes to avoid.'),
    optimize: pageField('distance, time or co2.'),
    alternatives: pageField('Further routes to show, 0 to 5.'),
    cargoTonnes: pageField('Cargo mass, tonnes.'),
    departAt: pageField('Departure date, YYYY-MM-DD.'),
    arriveBy: pageField('Date the cargo must arrive by, YYYY-MM-DD.'),
    route: pageField('The selected route, 0 for the best.'),
    lang: pageField('The page language.'),
  })
  .describe('Map page address');
