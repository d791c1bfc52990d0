/**
 * Request bodies of the write endpoints: JSON only (application/json, and application/merge-patch+json for
 * PATCH), 16 KiB at most. Registered inside the disruptions plugin only, so every other path keeps taking
 * no body at all (see plugins/protection.ts); any other media type is a 415, a larger body a 413.
 */
import type { FastifyInstance } from 'fastify';
import { StateError } from '../../../state/state-errors.js';

/** Largest request body accepted, bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

export function acceptJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/json', 'application/merge-patch+json'],
    { parseAs: 'string', bodyLimit: MAX_BODY_BYTES },
    (_request, body, done) => {
      const text = String(body);
      if (text.trim() === '') {
        done(
          new StateError('INVALID_BODY', 'The request body is empty; send a JSON object', {
            parameter: 'body',
          }),
        );
        return;
      }
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(
          new StateError('INVALID_BODY', `The request body is not valid JSON: ${(error as Error).message}`, {
            parameter: 'body',
          }),
        );
      }
    },
  );
}
