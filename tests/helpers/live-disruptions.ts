/** Disruptions of the embedded network for tests of endpoints planned on the live state, and a live state to set. */
import { DisruptionSchema, type LiveState, type LiveStateSource } from '../../src/domain/index.js';

/** The clock of those tests, and the departure they plan from (now rounded down to 5 minutes). */
export const LIVE_NOW = new Date('2026-12-01T09:37:12Z');
export const LIVE_DEPARTURE = new Date('2026-12-01T09:35:00Z');

/** Aktau port closed from before the clock's now, until ended. */
export const AKTAU_SHUT = DisruptionSchema.parse({
  id: 'aktau-storm',
  version: 1,
  target: { kind: 'node', id: 'KZ_AKTAU' },
  effect: 'closed',
  startsAt: '2026-11-30T00:00:00Z',
  endsAt: null,
  reason: 'north-west storm, port closed',
  source: 'https://example.org/notices/aktau',
});

/** 37.3 h more at every Kazakh border crossing (a figure that does not round to whole hours). */
export const KZ_QUEUE = DisruptionSchema.parse({
  id: 'kz-queue',
  version: 1,
  target: { kind: 'country', id: 'KZ' },
  effect: 'delay',
  extraHours: 37.3,
  startsAt: '2026-11-30T00:00:00Z',
  endsAt: null,
  reason: 'queues at the borders',
  source: 'https://example.org/notices/kz',
});

/** A live state that tests change between requests, as the store's mirror would. */
export class SettableLiveState implements LiveStateSource {
  private state: LiveState = { version: '0', disruptions: [] };
  current(): LiveState {
    return this.state;
  }
  set(disruptions: LiveState['disruptions']): void {
    this.state = { version: String(Number(this.state.version) + 1), disruptions };
  }
}
