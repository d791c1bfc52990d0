/** The ISO 14083 account of a route (`emissions=iso14083` on /routes), named as OpenAPI components. */
import { z } from 'zod';
import { ChainElementSchema, Co2eKgSchema, EmissionsSchema } from '../../domain/index.js';

export { ChainElementSchema, Co2eKgSchema, EmissionsSchema };

z.globalRegistry.add(Co2eKgSchema, { id: 'Co2eKg' });
z.globalRegistry.add(ChainElementSchema, { id: 'ChainElement' });
z.globalRegistry.add(EmissionsSchema, { id: 'Emissions' });
