/** The OpenAPI document's frame: generated from the route schemas by @fastify/swagger. */
import type { SwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_VERSION = '0.1.0';

export const swaggerOptions: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Eurasia freight routes',
      version: API_VERSION,
      description:
        'Route planner for rail and ferry freight between China and Europe over a network of rail stations, border crossings and ferry terminals. Compare the Northern route (via Russia and Belarus), the Middle Corridor (Kazakhstan, the Caspian ferries, Azerbaijan, Georgia, the Black Sea or Turkey) and the Southern route (Central Asia, Iran, Turkey); exclude countries, modes and seas; see which legs cross the Caspian or the Black Sea by ferry. Every error is RFC 9457 problem+json with a stable `code`.',
    },
    servers: [{ url: 'http://localhost:3000', description: 'Local server (npm start)' }],
    tags: [
      { name: 'Routes', description: 'Route planning' },
      { name: 'Network', description: 'Stations, ports, border crossings and countries of the network' },
      { name: 'Service', description: 'Service status' },
    ],
  },
  transform: jsonSchemaTransform,
  transformObject: jsonSchemaTransformObject,
};
