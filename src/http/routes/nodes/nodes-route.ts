/** GET /nodes and GET /nodes/{id}: node discovery. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getNode, type Network, searchNodes } from '../../../domain/index.js';
import { problemResponse } from '../../errors/problem-responses.js';
import {
  NodeDetailSchema,
  NodeListSchema,
  NodeParamsSchema,
  NodesQuerySchema,
} from '../../schemas/node-schemas.js';

export const nodesRoute: FastifyPluginAsyncZod<{ network: Network }> = async (app, { network }) => {
  app.get(
    '/nodes',
    {
      schema: {
        operationId: 'searchNodes',
        tags: ['Network'],
        summary: 'Search stations, border crossings and ports',
        description:
          'Searches nodes by id, name and alias, ignoring case, accents and punctuation and tolerating small typos; best matches first. Without `q`, lists nodes by id. Filter by country and kind.',
        querystring: NodesQuerySchema,
        response: {
          200: NodeListSchema,
          400: problemResponse('Invalid parameter or unknown country code'),
        },
      },
      config: { headers: 'api' },
    },
    async (request) => searchNodes(network, request.query),
  );

  app.get(
    '/nodes/:id',
    {
      schema: {
        operationId: 'getNode',
        tags: ['Network'],
        summary: 'One node with its links',
        description:
          'A node by id (case-insensitive), with every link touching it and the sources of its facts.',
        params: NodeParamsSchema,
        response: {
          200: NodeDetailSchema,
          400: problemResponse('Invalid id, or a query parameter (this endpoint takes none)'),
          404: problemResponse('No node has this id (with the closest matches)'),
        },
      },
      config: { headers: 'api' },
    },
    async (request) => getNode(network, request.params.id),
  );
};
