/**
 * What the timing model remembers about one network's timing data, owned by the network's engine
 * (routing-engine.ts): each node's dwell records with their periods parsed (dwell-model.ts) and each
 * block-train service's periods as the simulation reads them (block-trains.ts). It belongs to one TimingData:
 * when a network's timing data is replaced, its engine makes a new memory for the new data.
 */
import type { TimingData } from '../network/timing-records.js';
import type { BlockTrainRecord } from '../network/timing-schema.js';
import type { BlockTrainService } from './block-trains.js';
import type { NodeDwell } from './dwell-model.js';

export class TimingMemory {
  /** Dwell records of a node and of the nodes covering it, by node id (dwell-model.ts). */
  readonly nodeDwell = new Map<string, NodeDwell>();
  /** A service's departures, by the list of its records (block-trains.ts). */
  readonly services = new Map<readonly BlockTrainRecord[], BlockTrainService>();

  constructor(readonly timing: TimingData) {}
}
