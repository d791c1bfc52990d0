/** Request and response schemas of GET /departures. */
import { z } from 'zod';
import { calendarDay, DeparturePlanSchema, DepartureSchema } from '../../domain/index.js';
import { RoutesQuerySchema } from './route-schemas.js';
import { departureDays } from './timing-schemas.js';

export { DeparturePlanSchema, DepartureSchema };

export const DeparturesQuerySchema = RoutesQuerySchema.pick({
  origin: true,
  destination: true,
  avoid: true,
  avoidModes: true,
  avoidSeas: true,
  avoidNodes: true,
  via: true,
  optimize: true,
  arriveBy: true,
})
  .extend({
    from: calendarDay('First departure day (cargo leaves at 00:00 UTC each day)', '2026-12-01'),
    days: departureDays,
  })
  .describe('Departure window query');

z.globalRegistry.add(DepartureSchema, { id: 'Departure' });
z.globalRegistry.add(DeparturePlanSchema, { id: 'DeparturePlan' });
