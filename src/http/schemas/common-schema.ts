/** Schemas shared by several endpoints. */
import { z } from 'zod';
import { NodeRefSchema } from '../../domain/index.js';

export { NodeRefSchema };

z.globalRegistry.add(NodeRefSchema, { id: 'NodeRef' });

/** A list parameter: commas and repeats both work; arrives as an array from the query-string parser. */
export function listParameter<T extends z.ZodType>(
  item: T,
  max: number,
  description: string,
  example: string[],
) {
  return z
    .array(item)
    .max(max)
    .optional()
    .describe(`${description} Comma-separated and/or repeated; at most ${max} items.`)
    .meta({ example });
}

/** The `format` parameter: the answer's representation, the first format (`json`) by default. */
export function formatParameter<const T extends readonly ['json', ...string[]]>(
  formats: T,
  description: string,
) {
  return z
    .enum(formats)
    .default('json' as T[number])
    .describe(description)
    .meta({ example: 'json' });
}
