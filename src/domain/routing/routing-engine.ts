/**
 * The routing engine of one network: the object that owns everything routing keeps between requests — the
 * search and its buffers, the exclusion masks and their link lists, the links closed on each date, the index
 * of disruption targets, what planning remembers (planning-memory.ts) and what the timing model remembers of
 * the network's timing data (timing-memory.ts). A network makes its engine on first
 * use and keeps it; a worker thread that loads a network gets its own. Nothing is kept at module level, so a
 * second network (or a second test) never shares state with the first.
 */
import type { Network } from '../network/network.js';
import type { TimingData } from '../network/timing-records.js';
import { PlanningMemory } from '../planning/planning-memory.js';
import { TimingMemory } from '../timing/timing-memory.js';
import { DisruptionTargets } from './disruption-rules.js';
import { DatedLinks } from './network-date.js';
import { MaskCompiler } from './route-constraints.js';
import { Search } from './search.js';

export class RoutingEngine {
  readonly search: Search;
  readonly masks: MaskCompiler;
  readonly datedLinks: DatedLinks;
  readonly disruptionTargets: DisruptionTargets;
  readonly planning: PlanningMemory;
  private timingMemory: TimingMemory | undefined;

  constructor(network: Network) {
    this.search = new Search(network.routing);
    this.masks = new MaskCompiler(network);
    this.datedLinks = new DatedLinks(network);
    this.disruptionTargets = new DisruptionTargets(network);
    this.planning = new PlanningMemory(network);
  }

  /** What the timing model remembers of `timing`, the network's timing data (made again when it is replaced). */
  timing(timing: TimingData): TimingMemory {
    if (this.timingMemory?.timing !== timing) this.timingMemory = new TimingMemory(timing);
    return this.timingMemory;
  }
}
