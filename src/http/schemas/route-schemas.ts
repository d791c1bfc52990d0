/** Request and response schemas of GET /routes. */
import { z } from 'zod';
import {
  ADVISORY_KINDS,
  DISRUPTION_EFFECTS,
  DISRUPTION_TARGET_KINDS,
  isCalendarDate,
  MAX_RELAXATION_SIZE,
  MODES,
  ROUTE_LIMITS,
} from '../../domain/index.js';
import { listParameter, NodeRefSchema } from './common-schema.js';
import { EmissionsSchema } from './emissions-schemas.js';
import {
  ArrivalRangeSchema,
  DaysRangeSchema,
  instantParameter,
  OnTimeProbabilitySchema,
} from './timing-schemas.js';

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
    avoidAdvisories: listParameter(
      z.enum(ADVISORY_KINDS),
      ADVISORY_KINDS.length,
      'Advisory kinds to stay clear of: no country, link or node that an advisory of these kinds (in force on the network date) covers is used. Without it, routes still list the advisories they touch.',
      ['war-risk', 'sanctions'],
    ),
    networkDate: z
      .string()
      .refine(isCalendarDate, { message: 'must be a day written YYYY-MM-DD, such as "2030-01-01"' })
      .optional()
      .describe(
        'Route on the network as of this day (YYYY-MM-DD; default: today, UTC): only links open that day (a planned link from its opening date, a closed one until its closing date), and the advisories in force that day. Echoed in the answer.',
      )
      .meta({ example: '2030-06-01' }),
    ignoreDisruptions: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => v === 'true')
      .describe(
        '`true`: plan on the static network, disregarding the disruptions of the live state (closures and delays). By default a closure in force when the cargo would reach its node, link, sea or border excludes it, and a delay in force adds its hours of dwell.',
      )
      .meta({ example: 'false' }),
    format: z
      .enum(['json', 'geojson', 'svg'])
      .default('json')
      .describe(
        "Answer format: `json` (the route plan), `geojson` (application/geo+json: a FeatureCollection with one LineString per leg, [lon, lat], and the leg's attributes as properties) or `svg` (image/svg+xml: a map of the routes over the network, ferry legs dashed and labelled by sea, avoided countries hatched, with a legend; for reports and chat).",
      )
      .meta({ example: 'json' }),
    departAt: instantParameter(
      'Departure: an ISO 8601 date-time with an offset, or a date (00:00 UTC). Each leg then gets departsAt/arrivesAt and each route an arrival and durationDays range; with optimize=time the route with the earliest expected (p50) arrival for that date comes first.',
      '2026-12-05',
    ),
    arriveBy: instantParameter(
      'Deadline, same format: each route then gets onTimeProbability. Without departAt the cargo leaves now (such answers are not cached).',
      '2027-01-05T00:00:00Z',
    ),
  })
  .describe('Route query');

const DisruptionTargetSchema = z
  .object({
    kind: z
      .enum(DISRUPTION_TARGET_KINDS)
      .describe(
        'What the disruption applies to: a node, a link, every ferry link of a sea, or every border crossing of a country',
      )
      .meta({ example: 'node' }),
    id: z
      .string()
      .describe('Node id, link id (FROM--TO--mode), sea id or country code')
      .meta({ example: 'KZ_AKTAU' }),
  })
  .describe('The target of a disruption');

const disruptionFields = {
  id: z.string().describe('Disruption id (GET /disruptions/{id})').meta({ example: 'd-2026-12-aktau-storm' }),
  target: DisruptionTargetSchema,
  effect: z
    .enum(DISRUPTION_EFFECTS)
    .describe('`closed`, or `delay` (extra dwell)')
    .meta({ example: 'delay' }),
  startsAt: z.string().describe('Start, ISO 8601').meta({ example: '2026-12-01T06:00:00Z' }),
  endsAt: z
    .string()
    .nullable()
    .describe('End, ISO 8601 (null: until ended)')
    .meta({ example: '2026-12-04T18:00:00Z' }),
  reason: z.string().describe('Why, as reported').meta({ example: 'north-west storm, port closed' }),
  source: z.string().describe('Where it was reported').meta({ example: 'https://example.org/port-notice' }),
};

export const RouteDisruptionSchema = z
  .object({
    id: disruptionFields.id,
    target: disruptionFields.target,
    effect: disruptionFields.effect,
    extraHours: z.number().optional().describe('Extra dwell of a delay, hours').meta({ example: 72 }),
    addedHours: z
      .number()
      .describe(
        'Hours it adds to this route (a delay on a country counts at each of its border crossings used)',
      )
      .meta({ example: 72 }),
    reachedAt: z
      .string()
      .describe('When the cargo first reaches its target, ISO 8601 UTC, from the departure')
      .meta({ example: '2026-12-03T14:00:00.000Z' }),
    startsAt: disruptionFields.startsAt,
    endsAt: disruptionFields.endsAt,
    reason: disruptionFields.reason,
    source: disruptionFields.source,
  })
  .describe('A disruption in force where the route passes it (a delay; closures are never passed)');

export const AvoidedDisruptionSchema = z
  .object({
    id: disruptionFields.id,
    target: disruptionFields.target,
    effect: disruptionFields.effect,
    reachedAt: z
      .string()
      .describe('When the best undisrupted route would have reached its target, ISO 8601 UTC')
      .meta({ example: '2026-12-03T14:00:00.000Z' }),
    startsAt: disruptionFields.startsAt,
    endsAt: disruptionFields.endsAt,
    reason: disruptionFields.reason,
    source: disruptionFields.source,
  })
  .describe(
    'A closure that the best route without closures would have met in force, so the plan goes another way',
  );

export const RouteAdvisorySchema = z
  .object({
    id: z.string().describe('Advisory id (graph-data/advisories.json)').meta({ example: 'ua-war-risk-rail' }),
    kind: z.enum(ADVISORY_KINDS).describe('What the advisory warns of').meta({ example: 'war-risk' }),
    country: z
      .string()
      .optional()
      .describe('The country it covers (its nodes and the links through it)')
      .meta({ example: 'UA' }),
    linkId: z
      .string()
      .optional()
      .describe('The link it covers (FROM--TO--mode)')
      .meta({ example: 'GE_BATUMI--UA_CHORNOMORSK--ferry' }),
    nodeId: z.string().optional().describe('The node it covers').meta({ example: 'KZ_DOSTYK' }),
    summary: z
      .string()
      .describe('What it says, in a sentence or two')
      .meta({ example: 'Russian strikes hit Ukrainian railway substations and bridges.' }),
    source: z
      .string()
      .describe('Where the facts come from (URL)')
      .meta({ example: 'https://unn.ua/en/news/…' }),
    asOf: z
      .string()
      .describe('The date the source reports the facts for, YYYY-MM-DD')
      .meta({ example: '2026-03-07' }),
    validFrom: z.string().optional().describe('First day it applies').meta({ example: '2025-10-03' }),
    validUntil: z.string().optional().describe('Last day it applies').meta({ example: '2025-10-20' }),
  })
  .describe(
    'A sourced, dated advisory (war risk, sanctions, congestion) on a country, link or node the route touches',
  );

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
    departsAt: z
      .string()
      .optional()
      .describe(
        'With departAt: median departure of the leg, ISO 8601 UTC (for a ferry, the sailing it catches)',
      )
      .meta({ example: '2026-12-14T06:00:00Z' }),
    arrivesAt: z
      .string()
      .optional()
      .describe(
        'With departAt: median arrival at the end of the leg, ISO 8601 UTC (for a ferry, once unloaded)',
      )
      .meta({ example: '2026-12-15T02:00:00Z' }),
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
    advisories: z
      .array(RouteAdvisorySchema)
      .describe(
        'Advisories in force on the network date on a country, link or node this route touches, once each',
      ),
    disruptions: z
      .array(RouteDisruptionSchema)
      .describe(
        'Disruptions of the live state in force where this route passes them (delays, with the hours each adds), in the order met; empty with ignoreDisruptions',
      ),
    arrival: ArrivalRangeSchema.optional(),
    durationDays: DaysRangeSchema.optional(),
    onTimeProbability: OnTimeProbabilitySchema.optional(),
  })
  .describe('One route from origin to destination');

/** The departure echoed by /matrix and /reachability. */
export const LIVE_DEPARTURE_ECHO = z
  .string()
  .optional()
  .describe(
    'The departure the live disruptions were timed from, ISO 8601 UTC (departAt, else now rounded down to 5 minutes); absent when no disruption was considered (none in the live state, or ignoreDisruptions=true)',
  )
  .meta({ example: '2026-12-05T00:00:00.000Z' });

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
    avoidAdvisories: z
      .array(z.enum(ADVISORY_KINDS))
      .describe('Avoided advisory kinds, sorted')
      .meta({ example: ['war-risk'] }),
    optimize: z
      .enum(['distance', 'time', 'co2'])
      .describe('The cost model used')
      .meta({ example: 'distance' }),
    networkDate: z
      .string()
      .describe('The day whose network was routed on, YYYY-MM-DD')
      .meta({ example: '2026-12-01' }),
    cargoTonnes: z.number().optional().describe('Cargo mass, echoed').meta({ example: 20 }),
    departAt: z
      .string()
      .optional()
      .describe(
        'The departure the plan is timed from, ISO 8601 UTC: the departAt asked for; without it, while the live state has disruptions (not ignored), now rounded down to 5 minutes; absent otherwise',
      )
      .meta({ example: '2026-12-05T00:00:00Z' }),
    arriveBy: z
      .string()
      .optional()
      .describe('The deadline, echoed in ISO 8601 UTC')
      .meta({ example: '2027-01-05T00:00:00Z' }),
    dataVersion: z.string().describe('sha256 of the loaded network data').meta({ example: 'sha256:9f2c0e…' }),
    routes: z.array(RouteSchema).describe('The best route first, then the alternatives'),
    disruptionsAvoided: z
      .array(AvoidedDisruptionSchema)
      .describe(
        'Closures that moved the plan off its best undisrupted route: those that route (planned again without closures) would meet in force, in the order met',
      ),
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
z.globalRegistry.add(RouteDisruptionSchema, { id: 'RouteDisruption' });
z.globalRegistry.add(RouteAdvisorySchema, { id: 'RouteAdvisory' });
z.globalRegistry.add(AvoidedDisruptionSchema, { id: 'AvoidedDisruption' });

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
