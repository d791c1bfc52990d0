/**
 * The network model: validated nodes, links and seas, held in a graphology multigraph (the model that node
 * queries and exports work on; built on first use, and by the server before it listens) plus a compact routing
 * index compiled from the same records, which routing works on.
 */
import type { MultiGraph } from 'graphology';
import type { MapNetwork } from '../export/render-map-svg.js';
import type { RoutingEngine } from '../routing/routing-engine.js';
import type { RoutingIndex } from '../routing/routing-index.js';
import type { CountrySummary } from '../search/list-countries.js';
import type { PlaceIndex } from '../search/place-index.js';
import type { Advisory } from './advisory-schema.js';
import type { LinkInput, NodeRecord, Parameters, SeaRecord } from './network-schema.js';
import type { TimingData } from './timing-records.js';

/** A node as the domain sees it: the record plus its position in the routing index. */
export interface NetworkNode extends NodeRecord {
  index: number;
  /** Effective dwell at this node, hours (the record's, else the default of its kinds). */
  dwell: number;
  /** Mode-change handling here, hours (the record's transferHours, else the default of its kinds). */
  transfer: number;
}

/** A link as the domain sees it: the record plus derived facts. */
export interface NetworkLink extends LinkInput {
  /** Stable id: `FROM--TO--mode`. */
  id: string;
  index: number;
  /** Countries from `from` to `to`: the endpoints' and the transit countries between, each once per visit. */
  countryPath: string[];
  movingHours: number;
  /** Waiting and handling before and after moving: expected wait for a sailing plus mode-change handling. */
  waitHours: number;
  /** The mode- or gauge-change handling in waitHours at the `from` end and at the `to` end, hours. */
  handlingAtFromHours: number;
  handlingAtToHours: number;
  co2eKgPerTonne: number;
  emissionFactor: string;
}

export interface Network {
  /** The graphology model (node details, GeoJSON, maps); built on first use, or by buildGraph. */
  graph: MultiGraph<NetworkNode, NetworkLink>;
  /** Builds the graphology model now (once; later calls return it) so that no request waits for it. */
  buildGraph(): MultiGraph<NetworkNode, NetworkLink>;
  nodes: NetworkNode[];
  nodeById: Map<string, NetworkNode>;
  links: NetworkLink[];
  /** Links by id (`FROM--TO--mode`), made with the network. */
  linkById: ReadonlyMap<string, NetworkLink>;
  seas: Map<string, SeaRecord>;
  parameters: Parameters;
  countries: CountrySummary[];
  /** `sha256:<hex>` of the loaded data. */
  dataVersion: string;
  routing: RoutingIndex;
  /** The search, masks and caches routing keeps for this network (made on first use, then kept). */
  readonly engine: RoutingEngine;
  places: PlaceIndex;
  /** Sourced, dated advisories on countries, links and nodes (graph-data/advisories.json; none without it). */
  advisories: Advisory[];
  /** The background layer of this network's SVG maps, with the memory of its drawings (made on first use). */
  readonly mapLayer: MapNetwork;
  /** Timetables, weather closures and dwell distributions (the optional timing files), when the directory has them. */
  timing?: TimingData;
}
