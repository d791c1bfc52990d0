/** The route plan /routes answers (and the CLI prints): routes, legs, ferries, events, advisories, disruptions. */
import { z } from 'zod';
import { DISRUPTION_EFFECTS, DISRUPTION_TARGET_KINDS } from '../live/disruption-schema.js';
import { ADVISORY_KINDS } from '../network/advisory-schema.js';
import { MODES } from '../network/network-schema.js';
import { dataVersionField, exclusionEchoFields, optimizeEcho } from './echo-fields.js';
import { EmissionsSchema } from './emissions-result-schema.js';
import { NodeRefSchema } from './node-ref-schema.js';
import { ArrivalRangeSchema, DaysRangeSchema, OnTimeProbabilitySchema } from './timing-result-schemas.js';

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
    dwellHours: z
      .number()
      .describe(
        'Hours the stop costs: dwell at the node, handling there (unloading, transhipment, loading) and the wait for a ferry leaving it; a border crossing adds the exit formalities at the border station just before it. Typical figures without departAt; with departAt, the median hours of the simulation for that date. Events at one node describe the same stop: do not add them up',
      )
      .meta({ example: 30 }),
  })
  .describe('An event along the route');

/** What a route is made of: its totals, countries, ferries, events and legs (describe-route.ts builds it). */
export const RouteCoreSchema = z.object({
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
  usesRoad: z
    .boolean()
    .describe(
      'True when a leg goes by road (a truck leg: a border road crossing such as Khorgos–Nur Zholy, Irkeshtam or Sarp, or a truck transfer to a port); the route then needs trucks and their transfers to and from rail',
    )
    .meta({ example: false }),
  roadKm: z
    .number()
    .describe("Sum of the road legs' distances, km (0 when no leg goes by road)")
    .meta({ example: 0 }),
  ferries: z.array(FerrySchema).describe('The ferry legs, in travel order'),
  events: z
    .array(RouteEventSchema)
    .describe('Border crossings, gauge changes and mode changes, in travel order'),
  legs: z.array(LegSchema).describe('Legs in travel order: contiguous, from the origin to the destination'),
});

export const RouteSchema = RouteCoreSchema.extend({
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
}).describe('One route from origin to destination');

export const RoutePlanSchema = z
  .object({
    origin: NodeRefSchema,
    destination: NodeRefSchema,
    via: z.array(NodeRefSchema).describe('Resolved via points, in order'),
    ...exclusionEchoFields,
    avoidAdvisories: z
      .array(z.enum(ADVISORY_KINDS))
      .describe('Avoided advisory kinds, sorted')
      .meta({ example: ['war-risk'] }),
    optimize: optimizeEcho('The cost model used', 'distance'),
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
    dataVersion: dataVersionField,
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
