/** The ISO 14083 account of a route (`emissions=iso14083` on /routes): the transport chain and its totals. */
import { z } from 'zod';
import { HUB_TYPES, MODES } from '../network/network-schema.js';

export const Co2eKgSchema = z
  .object({
    wtw: z.number().describe('Well-to-wheel kg CO2e (= ttw + wtt)').meta({ example: 25 }),
    ttw: z.number().describe('Tank-to-wheel kg CO2e (on board: fuel burnt)').meta({ example: 20 }),
    wtt: z
      .number()
      .describe('Well-to-tank kg CO2e (producing and supplying the fuel or electricity)')
      .meta({ example: 5 }),
  })
  .describe('kg CO2e, to 0.01 kg');

export const ChainElementSchema = z
  .object({
    kind: z.enum(['leg', 'hub']).describe('A leg (one link) or a hub operation').meta({ example: 'leg' }),
    linkId: z.string().optional().describe('Legs: the link').meta({ example: 'KZ_AKTAU--AZ_ALAT--ferry' }),
    nodeId: z.string().optional().describe('Hubs: where the operation happens').meta({ example: 'AZ_ALAT' }),
    mode: z.enum(MODES).optional().describe('Legs: the mode').meta({ example: 'ferry' }),
    hubType: z
      .enum(HUB_TYPES)
      .optional()
      .describe('Hubs: port, ferry terminal, gauge change or other transhipment')
      .meta({ example: 'port' }),
    tonneKm: z
      .number()
      .optional()
      .describe('Legs: cargo tonnes × km × distance adjustment factor')
      .meta({ example: 470 }),
    tonnes: z.number().optional().describe('Hubs: tonnes handled').meta({ example: 1 }),
    co2eKg: Co2eKgSchema,
    intensity: z
      .number()
      .describe('Well-to-wheel intensity: g CO2e per tonne-km (legs) or kg CO2e per tonne (hubs)')
      .meta({ example: 37.5 }),
    intensityUnit: z
      .enum(['gCO2e/tkm', 'kgCO2e/t'])
      .describe('Unit of intensity')
      .meta({ example: 'gCO2e/tkm' }),
    distanceAdjustmentFactor: z
      .number()
      .optional()
      .describe('Legs: factor applied to the network distance (1: the distance is already the actual one)')
      .meta({ example: 1 }),
    dataQuality: z
      .string()
      .describe('What the figures rest on: default values, modelled distances, estimates')
      .meta({ example: 'default intensity (railDiesel), modelled distance' }),
    source: z.string().describe('Where the intensity comes from').meta({ example: 'GLEC Framework v3.2 …' }),
  })
  .describe('One element of the transport chain');

export const EmissionsSchema = z
  .object({
    standard: z
      .literal('ISO 14083:2023')
      .describe('The standard followed')
      .meta({ example: 'ISO 14083:2023' }),
    basis: z
      .object({
        cargoTonnes: z
          .number()
          .describe('The cargo mass accounted for (1 t unless cargoTonnes is given)')
          .meta({ example: 1 }),
        allocation: z
          .string()
          .describe('How emissions are allocated to the cargo')
          .meta({ example: 'mass-based …' }),
        payloadTonnesPerTeu: z.number().describe('Default payload of a loaded TEU, t').meta({ example: 10 }),
        payloadTonnesPerFeu: z.number().describe('Default payload of a loaded FEU, t').meta({ example: 20 }),
        payloadSource: z
          .string()
          .describe('Where the default payloads come from')
          .meta({ example: 'GLEC …' }),
        rounding: z.string().describe('How figures are rounded so that they add up').meta({ example: '…' }),
        scope: z.string().describe('What the chain covers').meta({ example: 'WTW = TTW + WTT …' }),
      })
      .describe('What the figures are for and how they are made'),
    elements: z.array(ChainElementSchema).describe('Legs and hub operations in travel order'),
    total: Co2eKgSchema.describe('Sum of the elements, for basis.cargoTonnes'),
    perContainer: z
      .object({
        teu: Co2eKgSchema.describe('The chain for one TEU at the default payload'),
        feu: Co2eKgSchema.describe('The chain for one FEU at the default payload'),
      })
      .describe('The same chain per loaded container'),
  })
  .describe('ISO 14083 emissions of the route as a transport chain');
