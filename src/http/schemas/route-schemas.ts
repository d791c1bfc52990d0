/** Request and response schemas of GET /routes. */
import { z } from 'zod';
import { MAX_RELAXATION_SIZE, MODES, ROUTE_LIMITS } from '../../domain/index.js';
import { listParameter, NodeRefSchema } from './common-schema.js';
import { EmissionsSchema } from './emissions-schemas.js';

const place = (what: string, example: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe(
      `${what}: a node id or a place name/alias, matched ignoring case, accents and punctuation ("xian", "Xi'an" and "XI AN" all match Xi'an). A city's plain name resolves to its main freight node.`,
    )
    .meta({ example });

export const RoutesQuerySchema = z
  .strictObject({
    origin: place('Where the cargo starts', "Xi'an"),
    destination: place('Where the cargo goes', 'Duisburg'),
    avoid: listParameter(
      z.string().max(20),
      ROUTE_LIMITS.maxAvoid,
      'Countries to exclude: ISO 3166-1 alpha-2 or alpha-3 codes, any case. No node in these countries and no link through them is used. An unknown code is a 400 UNKNOWN_COUNTRY; a valid code with no node in the network is accepted.',
      ['RU', 'BY'],
    ),
    avoidModes: listParameter(z.enum(MODES), MODES.length, 'Transport modes to exclude.', ['ferry']),
    avoidSeas: listParameter(
      z.string().max(60),
      20,
      'Seas whose ferries must not be used, by id (`caspian`, `black-sea`, `lake-van`) or name ("Black Sea").',
      ['black-sea'],
    ),
    avoidNodes: listParameter(
      z.string().max(200),
      ROUTE_LIMITS.maxAvoidNodes,
      'Nodes (ids or names) that the route must not pass through.',
      ['GE_POTI'],
    ),
    via: listParameter(
      z.string().max(200),
      ROUTE_LIMITS.maxVia,
      'Places (ids or names) the route must pass through, in this order.',
      ['AZ_ALAT'],
    ),
    optimize: z
      .enum(['distance', 'time', 'co2'])
      .default('distance')
      .describe(
        'What "best" means: `distance` (km), `time` (hours: running time, dwell at borders, gauge changes and ports, ferry sailing and waiting) or `co2` (kg CO2e per tonne).',
      )
      .meta({ example: 'distance' }),
    alternatives: z.coerce
      .number()
      .int()
      .min(0)
      .max(ROUTE_LIMITS.maxAlternatives)
      .default(0)
      .describe(
        `How many further routes to return after the best, each differing meaningfully (other countries or seas), best first. At most ${ROUTE_LIMITS.maxAlternatives}; a larger value is a 400, never clamped.`,
      )
      .meta({ example: 2 }),
    cargoTonnes: z.coerce
      .number()
      .positive()
      .max(ROUTE_LIMITS.maxCargoTonnes)
      .optional()
      .describe('Cargo mass in tonnes; when given, legs and routes also report `co2eKg`.')
      .meta({ example: 20 }),
    emissions: z
      .enum(['iso14083'])
      .optional()
      .describe(
        'Adds to each route `emissions`: its ISO 14083:2023 account as a transport chain (each leg and each hub operation with tonne-km, WTW, TTW and WTT kg CO2e, intensity, distance adjustment factor and data quality; totals per tonne, or for cargoTonnes, and per TEU/FEU).',
      )
      .meta({ example: 'iso14083' }),
    format: z
      .enum(['json', 'geojson', 'svg'])
      .default('json')
      .describe(
        "Answer format: `json` (the route plan), `geojson` (application/geo+json: a FeatureCollection with one LineString per leg, [lon, lat], and the leg's attributes as properties) or `svg` (image/svg+xml: a map of the routes over the network, ferry legs dashed and labelled by sea, avoided countries hatched, with a legend; for reports and chat).",
      )
      .meta({ example: 'json' }),
  })
  .describe('Route query');

export const LegSchema = z
  .object({
    from: NodeRefSchema,
    to: NodeRefSchema,
    mode: z.enum(MODES).describe('Transport mode of the leg').meta({ example: 'ferry' }),
    sea: z.string().optional().describe('Ferry legs: the sea crossed').meta({ example: 'Caspian Sea' }),
    seaId: z.string().optional().describe('Ferry legs: slug of the sea').meta({ example: 'caspian' }),
    distanceKm: z.number().describe('Track or sailing distance, km, one decimal').meta({ example: 470 }),
    durationHours: z.number().describe('movingHours + dwellHours').meta({ example: 52 }),
    movingHours: z.number().describe('Running or sailing time, hours').meta({ example: 28 }),
    dwellHours: z
      .number()
      .describe(
        'Waiting before the leg moves: dwell at the node it leaves (not the origin) and, for ferries, the expected wait for a sailing',
      )
      .meta({ example: 24 }),
    co2eKgPerTonne: z.number().describe('Well-to-wheel kg CO2e per tonne of cargo').meta({ example: 28.2 }),
    co2eKg: z
      .number()
      .optional()
      .describe('kg CO2e for the whole cargo (with cargoTonnes)')
      .meta({ example: 564 }),
    countries: z
      .array(z.string())
      .describe('Countries the leg touches, in travel order')
      .meta({ example: ['KZ', 'AZ'] }),
    gauge: z.number().optional().describe('Rail legs: track gauge, mm').meta({ example: 1520 }),
    operator: z
      .string()
      .optional()
      .describe('Operator of the service, where known')
      .meta({ example: 'ASCO' }),
    line: z
      .string()
      .optional()
      .describe('Railway line or service name, where known')
      .meta({ example: 'Baku–Tbilisi–Kars' }),
    linkId: z
      .string()
      .describe('Id of the network link (FROM--TO--mode)')
      .meta({ example: 'KZ_AKTAU--AZ_ALAT--ferry' }),
  })
  .describe('One leg: a single link of the network, in travel direction');

export const FerrySchema = z
  .object({
    sea: z.string().describe('Sea crossed').meta({ example: 'Caspian Sea' }),
    seaId: z.string().describe('Slug of the sea').meta({ example: 'caspian' }),
    from: NodeRefSchema,
    to: NodeRefSchema,
    distanceKm: z.number().describe('Sailing distance, km').meta({ example: 470 }),
    sailingHours: z.number().describe('Sailing time, hours').meta({ example: 28 }),
    sailingsPerWeek: z.number().describe('Departures per week').meta({ example: 2 }),
    operator: z.string().optional().describe('Ferry operator').meta({ example: 'ASCO' }),
  })
  .describe('A ferry crossing of the route');

export const RouteEventSchema = z
  .object({
    type: z
      .enum(['border-crossing', 'gauge-change', 'mode-change'])
      .describe('What happens: the country, the track gauge or the transport mode changes')
      .meta({ example: 'gauge-change' }),
    at: NodeRefSchema,
    from: z.string().describe('Before: country code, gauge in mm, or mode').meta({ example: '1435' }),
    to: z.string().describe('After: country code, gauge in mm, or mode').meta({ example: '1520' }),
    dwellHours: z.number().describe('Dwell at the node, hours').meta({ example: 12 }),
  })
  .describe('An event along the route');

export const RouteSchema = z
  .object({
    distanceKm: z.number().describe("Sum of the legs' distances, km").meta({ example: 11234.5 }),
    durationHours: z.number().describe("Sum of the legs' durations, hours").meta({ example: 600 }),
    movingHours: z.number().describe("Sum of the legs' moving hours").meta({ example: 320 }),
    dwellHours: z.number().describe("Sum of the legs' dwell hours").meta({ example: 280 }),
    co2eKgPerTonne: z.number().describe("Sum of the legs' kg CO2e per tonne").meta({ example: 310.4 }),
    co2eKg: z
      .number()
      .optional()
      .describe('kg CO2e for the whole cargo (with cargoTonnes)')
      .meta({ example: 6208 }),
    countries: z
      .array(z.string())
      .describe('Countries in travel order, each once per visit')
      .meta({ example: ['CN', 'KZ', 'AZ', 'GE', 'RO', 'HU', 'AT', 'DE'] }),
    usesCaspianFerry: z
      .boolean()
      .describe('True when a leg crosses the Caspian Sea by ferry')
      .meta({ example: true }),
    usesBlackSeaFerry: z
      .boolean()
      .describe('True when a leg crosses the Black Sea by ferry')
      .meta({ example: true }),
    ferries: z.array(FerrySchema).describe('The ferry legs, in travel order'),
    events: z
      .array(RouteEventSchema)
      .describe('Border crossings, gauge changes and mode changes, in travel order'),
    legs: z.array(LegSchema).describe('Legs in travel order: contiguous, from the origin to the destination'),
    comparedToUnconstrained: z
      .object({
        extraDistanceKm: z
          .number()
          .describe('Extra km against the best unconstrained route')
          .meta({ example: 1350.2 }),
        extraDurationHours: z
          .number()
          .describe('Extra hours against the best unconstrained route')
          .meta({ example: 240 }),
        extraCo2eKgPerTonne: z
          .number()
          .describe('Extra kg CO2e per tonne against the best unconstrained route')
          .meta({ example: 95.1 }),
      })
      .optional()
      .describe('With any avoid filter or via: the cost of the constraints, by the best route without them'),
    emissions: EmissionsSchema.optional().describe('With emissions=iso14083: the ISO 14083 account'),
  })
  .describe('One route from origin to destination');

export const RoutePlanSchema = z
  .object({
    origin: NodeRefSchema,
    destination: NodeRefSchema,
    via: z.array(NodeRefSchema).describe('Resolved via points, in order'),
    avoid: z
      .array(z.string())
      .describe('Avoided countries, normalised to alpha-2 and sorted')
      .meta({ example: ['BY', 'RU'] }),
    avoidModes: z.array(z.string()).describe('Avoided modes').meta({ example: [] }),
    avoidSeas: z.array(z.string()).describe('Avoided seas, by id').meta({ example: [] }),
    avoidNodes: z.array(z.string()).describe('Avoided nodes, by id').meta({ example: [] }),
    optimize: z
      .enum(['distance', 'time', 'co2'])
      .describe('The cost model used')
      .meta({ example: 'distance' }),
    cargoTonnes: z.number().optional().describe('Cargo mass, echoed').meta({ example: 20 }),
    dataVersion: z.string().describe('sha256 of the loaded network data').meta({ example: 'sha256:9f2c0e…' }),
    routes: z.array(RouteSchema).describe('The best route first, then the alternatives'),
    warnings: z
      .array(z.string())
      .describe('Notes on the answer, e.g. fewer alternatives than requested')
      .meta({ example: [] }),
  })
  .describe('Routes between two places');

z.globalRegistry.add(LegSchema, { id: 'Leg' });
z.globalRegistry.add(FerrySchema, { id: 'Ferry' });
z.globalRegistry.add(RouteSchema, { id: 'Route' });
z.globalRegistry.add(RouteEventSchema, { id: 'RouteEvent' });
z.globalRegistry.add(RoutePlanSchema, { id: 'RoutePlan' });

export const RELAXATION_NOTE = `Relaxations list every smallest set of up to ${MAX_RELAXATION_SIZE} constraints whose lifting restores a route.`;

/** A GeoJSON FeatureCollection (RFC 7946), loosely typed: features carry their own attributes. */
export const FeatureCollectionSchema = z
  .object({
    type: z
      .literal('FeatureCollection')
      .describe('GeoJSON object type')
      .meta({ example: 'FeatureCollection' }),
    features: z
      .array(
        z
          .object({
            type: z.literal('Feature').describe('GeoJSON object type').meta({ example: 'Feature' }),
            id: z
              .string()
              .optional()
              .describe('Node or link id')
              .meta({ example: 'KZ_AKTAU--AZ_ALAT--ferry' }),
            geometry: z
              .object({
                type: z
                  .enum(['Point', 'LineString'])
                  .describe('Geometry type')
                  .meta({ example: 'LineString' }),
                coordinates: z
                  .unknown()
                  .describe('[lon, lat] positions')
                  .meta({
                    example: [
                      [51.2, 43.6],
                      [49.4, 39.94],
                    ],
                  }),
              })
              .describe('Geometry'),
            properties: z
              .record(z.string(), z.unknown())
              .describe('Attributes')
              .meta({ example: { mode: 'ferry', sea: 'Caspian Sea' } }),
          })
          .describe('A node (Point) or a link or leg (LineString)'),
      )
      .describe('Features'),
  })
  .catchall(z.unknown())
  .describe('GeoJSON FeatureCollection');

z.globalRegistry.add(FeatureCollectionSchema, { id: 'FeatureCollection' });
