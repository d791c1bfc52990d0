/** OpenAPI response entries for problem answers, so every documented status has a schema and a description. */
import { ProblemSchema } from '../schemas/problem-schema.js';

export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
}
