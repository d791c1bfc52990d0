/** Schemas shared by several endpoints. */
import { z } from 'zod';

export const NodeRefSchema = z
  .object({
    id: z.string().describe('Stable node id').meta({ example: 'KZ_AKTAU' }),
    name: z.string().describe('Display name').meta({ example: 'Aktau Port' }),
    country: z.string().describe('ISO 3166-1 alpha-2 country code').meta({ example: 'KZ' }),
  })
  .describe('A node of the network (station, border crossing, port or ferry terminal)');

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
