/** The reference to a node that every answer carries. */
import { z } from 'zod';

export const NodeRefSchema = z
  .object({
    id: z.string().describe('Stable node id').meta({ example: 'KZ_AKTAU' }),
    name: z.string().describe('Display name').meta({ example: 'Aktau Port' }),
    country: z.string().describe('ISO 3166-1 alpha-2 country code').meta({ example: 'KZ' }),
  })
  .describe('A node of the network (station, border crossing, port or ferry terminal)');
