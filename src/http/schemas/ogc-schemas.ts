/**
 * Schemas of the OGC API - Routes endpoints under /ogc/ (OGC 21-000, draft 1.0.0-draft.1): landing page,
 * conformance declaration, the route definition of POST /ogc/routes and its answer in the Route Exchange
 * Model (OGC 21-001).
 */
import { z } from 'zod';
import { MODES, WAYPOINT_LIMITS } from '../../domain/index.js';
import { RoutesQuerySchema } from './route-schemas.js';

/** The requirement classes this API implements, each checked by tests/http/ogc-routes.test.ts. */
export const OGC_CONFORMANCE = {
  routesCore: 'http://www.opengis.net/spec/ogcapi-routes-1/1.0.0-draft.1/conf/core',
  intermediateWaypoints:
    'http://www.opengis.net/spec/ogcapi-routes-1/1.0.0-draft.1/conf/intermediate-waypoints',
  routeExchangeModel: 'http://www.opengis.net/spec/rem/1.0.0-draft.1/conf/rem',
} as const;

/** Routing preferences (cost functions), the default first, as /req/core/conformance-values asks. */
export const OGC_PREFERENCES = { shortest: 'distance', fastest: 'time', 'lowest-co2e': 'co2' } as const;
const PREFERENCE_NAMES = Object.keys(OGC_PREFERENCES) as [keyof typeof OGC_PREFERENCES];

export const LinkSchema = z
  .object({
    href: z.string().describe('Target URI').meta({ example: '/ogc/routes' }),
    rel: z
      .string()
      .describe('Relation type (RFC 8288)')
      .meta({ example: 'http://www.opengis.net/def/rel/ogc/1.0/routes' }),
    type: z.string().optional().describe('Media type of the target').meta({ example: 'application/json' }),
    title: z.string().optional().describe('Human-readable title').meta({ example: 'Compute routes' }),
  })
  .describe('A web link');

export const OgcLandingPageSchema = z
  .object({
    title: z
      .string()
      .describe('Title of the API')
      .meta({ example: 'Eurasia freight routes: OGC API - Routes' }),
    description: z
      .string()
      .describe('What the API does')
      .meta({ example: 'Rail and ferry freight routes …' }),
    links: z.array(LinkSchema).describe('self, service-desc, service-doc, conformance and routes'),
  })
  .describe('OGC API landing page');

export const OgcConformanceSchema = z
  .object({
    conformsTo: z
      .array(z.string())
      .describe('URIs of the requirement classes implemented')
      .meta({ example: Object.values(OGC_CONFORMANCE) }),
    properties: z
      .record(z.string(), z.record(z.string(), z.array(z.string())))
      .describe('Options per class: the routing preferences of the core class')
      .meta({ example: { [OGC_CONFORMANCE.routesCore]: { preferences: PREFERENCE_NAMES } } }),
  })
  .describe('OGC API conformance declaration');

const longitude = z.number().min(-180).max(180);
const latitude = z.number().min(-90).max(90);

const MultiPointSchema = z
  .strictObject({
    type: z.literal('MultiPoint').describe('GeoJSON geometry type').meta({ example: 'MultiPoint' }),
    coordinates: z
      .array(z.tuple([longitude, latitude], z.number()).describe('[lon, lat] (WGS 84), optionally a height'))
      .min(2)
      .max(WAYPOINT_LIMITS.maxWaypoints)
      .describe(
        `Start, up to ${WAYPOINT_LIMITS.maxWaypoints - 2} intermediate points in order, end; each snapped to the nearest node within ${WAYPOINT_LIMITS.maxSnapKm} km`,
      )
      .meta({
        example: [
          [109.08, 34.43],
          [6.77, 51.43],
        ],
      }),
  })
  .describe('Waypoints as a GeoJSON MultiPoint');

const { avoid, avoidModes, avoidSeas, avoidNodes } = RoutesQuerySchema.shape;

export const OgcRouteDefinitionSchema = z
  .object({
    inputs: z
      .strictObject({
        name: z
          .string()
          .max(200)
          .optional()
          .describe('Name of the route')
          .meta({ example: "Xi'an to Duisburg" }),
        waypoints: z
          .strictObject({
            value: z
              .union([
                MultiPointSchema,
                z
                  .array(z.string().trim().min(1).max(200))
                  .min(2)
                  .max(WAYPOINT_LIMITS.maxWaypoints)
                  .describe('Waypoints as node ids or place names, matched as /routes matches places'),
              ])
              .describe('The waypoints: a GeoJSON MultiPoint, or node ids / place names'),
          })
          .describe('The waypoints (OGC API - Processes style input)'),
        preference: z
          .enum(PREFERENCE_NAMES)
          .default('shortest')
          .describe('Cost function: `shortest` (distance, the default), `fastest` (time) or `lowest-co2e`')
          .meta({ example: 'fastest' }),
        avoid,
        avoidModes,
        avoidSeas,
        avoidNodes,
      })
      .describe(
        'Route definition inputs. Besides the OGC members (name, waypoints, preference) the /routes constraints avoid, avoidModes, avoidSeas and avoidNodes are accepted; any other member is a 400, so that a misspelt constraint never passes silently.',
      ),
  })
  .describe('OGC API - Routes route definition (members other than `inputs` are ignored)');

const position = z.array(z.number()).describe('[lon, lat]');

export const RemFeatureSchema = z
  .object({
    type: z.literal('Feature').describe('GeoJSON object type').meta({ example: 'Feature' }),
    id: z.string().describe('overview, start, segment-N or end').meta({ example: 'segment-1' }),
    geometry: z
      .union([
        z.object({ type: z.literal('Point'), coordinates: position }).describe('Point'),
        z.object({ type: z.literal('LineString'), coordinates: z.array(position) }).describe('LineString'),
      ])
      .describe('LineString for the overview, Point otherwise'),
    properties: z
      .object({
        featureType: z
          .enum(['overview', 'start', 'segment', 'end'])
          .describe('Route component')
          .meta({ example: 'segment' }),
        length_m: z.number().optional().describe('overview and segments: metres').meta({ example: 470000 }),
        duration_s: z
          .number()
          .optional()
          .describe('overview and segments: seconds')
          .meta({ example: 187200 }),
        mode: z.enum(MODES).optional().describe('segments: transport mode').meta({ example: 'ferry' }),
      })
      .catchall(z.unknown())
      .describe('Route component attributes'),
  })
  .describe('A component of the route');

export const RouteExchangeModelSchema = z
  .object({
    type: z
      .literal('FeatureCollection')
      .describe('GeoJSON object type')
      .meta({ example: 'FeatureCollection' }),
    name: z.string().optional().describe('The route name, when given').meta({ example: "Xi'an to Duisburg" }),
    features: z.array(RemFeatureSchema).describe('overview, start, the segments in travel order, end'),
  })
  .describe('A route in the OGC Route Exchange Model');

z.globalRegistry.add(LinkSchema, { id: 'Link' });
z.globalRegistry.add(OgcLandingPageSchema, { id: 'OgcLandingPage' });
z.globalRegistry.add(OgcConformanceSchema, { id: 'OgcConformance' });
z.globalRegistry.add(OgcRouteDefinitionSchema, { id: 'OgcRouteDefinition' });
z.globalRegistry.add(RouteExchangeModelSchema, { id: 'RouteExchangeModel' });
