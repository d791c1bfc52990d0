/**
 * Plans a validated /routes query into a ready answer (content type and serialized body): the domain call
 * plus the exact serialization the route's response schema defines. Runs in-process, or in a worker thread
 * (route-worker-pool.ts) so that a slow search never holds up the event loop.
 */
import { serializerCompiler } from 'fastify-type-provider-zod';
import { routePlanMapInput } from '../../domain/export/map-input.js';
import { renderMapSvg } from '../../domain/export/render-map-svg.js';
import {
  findDatedRoutes,
  findRoutes,
  type Network,
  type RoutePlan,
  routePlanToGeoJson,
  withIso14083,
} from '../../domain/index.js';
import { RoutePlanSchema } from '../schemas/route-schemas.js';
import { asciiBytes, stringifyAscii } from './ascii-json.js';
import { compileSerializer, SerializerMemo } from './fast-serializer.js';
import { liveOptions, type PlanContext } from './live-context.js';
import type { PlannedAnswer, RoutesQuery } from './route-cache.js';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** With its charset, as Fastify would complete it for a string body (cached answers are sent as bytes). */
export const GEOJSON_CONTENT_TYPE = 'application/geo+json; charset=utf-8';
export const SVG_CONTENT_TYPE = 'image/svg+xml';

/** Turns a query into an answer under a request's context; throws DomainError exactly as findRoutes does. */
export type RoutePlanner = (
  query: RoutesQuery,
  context: PlanContext,
) => PlannedAnswer | Promise<PlannedAnswer>;

/** The serializer Fastify would compile for the 200 JSON answer of /routes (the zod schema's encoding). */
export const serializeRoutePlanWithSchema = serializerCompiler({
  schema: RoutePlanSchema,
  method: 'GET',
  url: '/routes',
  httpStatus: '200',
}) as (plan: unknown) => string;

/**
 * A serializer of /routes answers: the output of serializeRoutePlanWithSchema in ASCII (tests compare them over
 * the real network), several times faster on answers of 13-19 kB. It remembers in `memo`, which its owner holds.
 */
export function routePlanSerializer(memo: SerializerMemo = new SerializerMemo()): (plan: unknown) => string {
  return compileSerializer(RoutePlanSchema, memo);
}

/**
 * The route plan of a validated query under a request's context, before serialization: dated
 * (findDatedRoutes: timelines and arrival ranges) with departAt or arriveBy, else as findRoutes plans it, in
 * both cases with the live state's disruptions and on the network of the query's day. The CLI prints the same.
 */
export function routePlanOf(
  network: Network,
  query: RoutesQuery,
  context: PlanContext,
): RoutePlan & { dataVersion: string } {
  const { origin, destination, format: _format, departAt, arriveBy, emissions, ...options } = query;
  // The live part as every routing endpoint reads it; the dated branch gives its own departure.
  const { departAt: contextDeparture, ...live } = liveOptions(context, {
    networkDate: query.networkDate,
  });
  const common = { ...options, ...live };
  // A deadline alone asks about cargo leaving now (to the minute); such answers are not cached (route-cache.ts).
  const leaving =
    departAt ??
    (arriveBy !== undefined ? new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString() : undefined);
  // Dated routes carry every field of the undated ones (their legs are copies with departsAt/arrivesAt added).
  const found: RoutePlan =
    leaving === undefined
      ? findRoutes(network, origin, destination, {
          ...common,
          ...(contextDeparture ? { departAt: contextDeparture } : {}),
        })
      : (findDatedRoutes(network, origin, destination, {
          ...common,
          departAt: leaving,
          ...(arriveBy !== undefined ? { arriveBy } : {}),
        }) as unknown as RoutePlan);
  // ISO 14083 accounting is added to the routes as planned (and timed), never changing them.
  return {
    ...(emissions === 'iso14083' ? withIso14083(network, found) : found),
    dataVersion: network.dataVersion,
  };
}

/**
 * Plans in the calling thread under a request's context; the body is ready to send (JSON in ASCII, SVG in
 * UTF-8). The planner owns its serializer and what that remembers, so each app (and each worker thread) has
 * its own.
 */
export function inProcessPlanner(
  network: Network,
  memo: SerializerMemo = new SerializerMemo(),
): (query: RoutesQuery, context: PlanContext) => PlannedAnswer {
  const serialize = routePlanSerializer(memo);
  return (query, context) => {
    const { format } = query;
    const plan = routePlanOf(network, query, context);
    if (format === 'geojson') {
      return {
        contentType: GEOJSON_CONTENT_TYPE,
        body: asciiBytes(stringifyAscii(routePlanToGeoJson(network, plan))),
      };
    }
    if (format === 'svg') {
      return {
        contentType: SVG_CONTENT_TYPE,
        body: Buffer.from(renderMapSvg(routePlanMapInput(network, plan))),
      };
    }
    return { contentType: JSON_CONTENT_TYPE, body: asciiBytes(serialize(plan)) };
  };
}
