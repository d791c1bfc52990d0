/**
 * GET /matrix: best-route totals between every origin and every destination under the /routes constraints,
 * as JSON or CSV. `via` is refused by name: a matrix of routes through fixed stops is a different question.
 */
import type { FastifyReply, preValidationHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { matrixToCsv } from '../../../domain/export/matrix-csv.js';
import { computeMatrix, DomainError, MATRIX_LIMITS } from '../../../domain/index.js';
import { problemResponse } from '../../errors/problem-responses.js';
import { MatrixCsvSchema, MatrixQuerySchema, MatrixSchema } from '../../schemas/matrix-schemas.js';
import { LiveContextReader, type LivePlanningRouteOptions, liveOptions } from '../../serving/live-context.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

/** A clearer answer than "unknown parameter" for the one /routes parameter that /matrix leaves out. */
const refuseVia: preValidationHookHandler = (request, _reply, done) => {
  const query = request.query as Record<string, unknown>;
  if (query && 'via' in query) {
    done(
      new DomainError(
        'INVALID_PARAMETER',
        'via: /matrix does not take via points (each cell is the best route between its two places); ask /routes with via for routes through given stops',
        { parameter: 'via', value: query.via },
      ),
    );
    return;
  }
  done();
};

export const matrixRoute: FastifyPluginAsyncZod<LivePlanningRouteOptions> = async (
  app,
  { network, context = new LiveContextReader() },
) => {
  app.get(
    '/matrix',
    {
      config: { headers: 'api' },
      schema: {
        operationId: 'getMatrix',
        tags: ['Routes'],
        summary: 'Distances, times and CO2e between many origins and destinations',
        description: `For every origin (row) and destination (column), the totals of the best route by \`optimize\` on the network /routes plans on: its constraints (avoid, avoidModes, avoidSeas, avoidNodes, avoidAdvisories; \`via\` is not accepted), the links open on \`networkDate\`, and the live state's disruptions in force when the cargo gets there, timed from \`departAt\` (default: now; \`ignoreDisruptions=true\` plans on the static network). The same figures /routes gives for that pair under the same live state; each cell is deterministic (no simulated arrival range). A cell without a route is null, with its reason in \`unreachable\`. At most ${MATRIX_LIMITS.maxOrigins} origins and ${MATRIX_LIMITS.maxDestinations} destinations; more is a 400. One search per origin.`,
        querystring: MatrixQuerySchema,
        response: {
          200: {
            description: 'The matrix (rows = origins), or its cells as CSV',
            content: {
              'application/json': { schema: MatrixSchema },
              'text/csv': { schema: MatrixCsvSchema },
            },
          },
          400: problemResponse(
            'Invalid parameter, too many places, unknown country code, or ambiguous place',
          ),
          404: problemResponse('Unknown place (with the closest matches)'),
        },
      },
      preValidation: refuseVia,
    },
    async (request, reply) => {
      const { origins, destinations, format, departAt, ...options } = request.query;
      // Planned on the network /routes plans on under the same snapshot of the live state.
      const live = liveOptions(context.read().plan, { networkDate: options.networkDate, departAt });
      const matrix = {
        ...computeMatrix(network, origins, destinations, { ...options, ...live }),
        dataVersion: network.dataVersion,
      };
      // Text sent as it is (no serializer runs on it); the schema documents what it holds.
      if (format === 'csv') return (reply as FastifyReply).type(CSV_CONTENT_TYPE).send(matrixToCsv(matrix));
      return matrix;
    },
  );
};
