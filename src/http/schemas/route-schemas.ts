/** Request and response schemas of GET /routes. */
import { z } from 'zod';
import {
  AvoidedDisruptionSchema,
  FerrySchema,
  LegSchema,
  MAX_RELAXATION_SIZE,
  ROUTE_LIMITS,
  RouteAdvisorySchema,
  RouteDisruptionSchema,
  RouteEventSchema,
  RoutePlanSchema,
  RouteSchema,
} from '../../domain/index.js';
import { formatParameter } from './common-schema.js';
import { ConstraintParametersSchema, exclusionParameters } from './constraint-parameters.js';
import './emissions-schemas.js';
import { instantParameter } from './timing-schemas.js';

export {
  AvoidedDisruptionSchema,
  FerrySchema,
  LegSchema,
  RouteAdvisorySchema,
  RouteDisruptionSchema,
  RouteEventSchema,
  RoutePlanSchema,
  RouteSchema,
};

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

const constraint = ConstraintParametersSchema.shape;

export const RoutesQuerySchema = z
  .strictObject({
    origin: place('Where the cargo starts', "Xi'an"),
    destination: place('Where the cargo goes', 'Duisburg'),
    ...exclusionParameters,
    via: constraint.via,
    optimize: constraint.optimize,
    alternatives: z.coerce
      .number()
      .int()
      .min(0)
      .max(ROUTE_LIMITS.maxAlternatives)
      .default(0)
      .describe(
        `How many further routes to return after the best, each differing meaningfully (other countries or seas) and none costing more than twice the best in the metric optimized, best first; fewer are returned (with a warning) where fewer exist. At most ${ROUTE_LIMITS.maxAlternatives}; a larger value is a 400, never clamped.`,
      )
      .meta({ example: 2 }),
    cargoTonnes: constraint.cargoTonnes,
    emissions: z
      .enum(['iso14083'])
      .optional()
      .describe(
        'Adds to each route `emissions`: its ISO 14083:2023 account as a transport chain (each leg and each hub operation with tonne-km, WTW, TTW and WTT kg CO2e, intensity, distance adjustment factor and data quality; totals per tonne, or for cargoTonnes, and per TEU/FEU).',
      )
      .meta({ example: 'iso14083' }),
    avoidAdvisories: constraint.avoidAdvisories,
    networkDate: constraint.networkDate,
    ignoreDisruptions: constraint.ignoreDisruptions,
    format: formatParameter(
      ['json', 'geojson', 'svg'],
      "Answer format: `json` (the route plan), `geojson` (application/geo+json: a FeatureCollection with one LineString per leg, [lon, lat], and the leg's attributes as properties) or `svg` (image/svg+xml: a map of the routes over the network, ferry legs dashed and labelled by sea, avoided countries hatched, with a legend; for reports and chat).",
    ),
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
