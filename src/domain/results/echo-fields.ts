/** Fields several answers share: the exclusions they were planned under, normalised, and the data version. */
import { z } from 'zod';

export const exclusionEchoFields = {
  avoid: z
    .array(z.string())
    .describe('Avoided countries, normalised to alpha-2 and sorted')
    .meta({ example: ['BY', 'RU'] }),
  avoidModes: z.array(z.string()).describe('Avoided modes').meta({ example: [] }),
  avoidSeas: z.array(z.string()).describe('Avoided seas, by id').meta({ example: [] }),
  avoidNodes: z.array(z.string()).describe('Avoided nodes, by id').meta({ example: [] }),
};

export const dataVersionField = z
  .string()
  .describe('sha256 of the loaded network data')
  .meta({ example: 'sha256:9f2c0e…' });
