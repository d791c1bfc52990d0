/**
 * Builds a Network from raw records: validates them (validate-records.ts), refusing to build a half-valid
 * network, then derives each link's costs and countries and compiles the routing and place indices.
 */
import { createHash } from 'node:crypto';
import graphology, { type MultiGraph } from 'graphology';
import { NetworkDataError } from '../errors.js';
import { createNetworkLayer } from '../export/map-input.js';
import type { MapNetwork } from '../export/render-map-svg.js';
import { mayBeOpen } from '../routing/network-date.js';
import { RoutingEngine } from '../routing/routing-engine.js';
import { type CompileInputLink, RoutingIndexBuilder } from '../routing/routing-index.js';
import { summarizeCountries } from '../search/list-countries.js';
import { buildPlaceIndex } from '../search/place-index.js';
import {
  co2eKgPerTonne,
  emissionFactor,
  handlingHours,
  movingHours,
  type TransferEnd,
  waitHours,
} from './estimate-costs.js';
import type { Network, NetworkLink, NetworkNode } from './network.js';
import type { Mode } from './network-schema.js';
import { validateAdvisories } from './validate-advisories.js';
import { type RawNetwork, type RecordFile, validateRecords } from './validate-records.js';

export type { RawNetwork, RecordFile } from './validate-records.js';

/** Raw records of a network, with its optional advisories file. */
export type RawNetworkWithAdvisories = RawNetwork & { advisories?: RecordFile };

function hashRecords(raw: RawNetworkWithAdvisories): string {
  const hash = createHash('sha256');
  const extra = raw.advisories ? [raw.advisories] : [];
  const files = [...raw.seas, ...raw.nodes, ...raw.links, raw.parameters, ...extra].sort((a, b) =>
    a.file < b.file ? -1 : 1,
  );
  for (const f of files) hash.update(`${f.file}\0${JSON.stringify(f.records)}\0`);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Country path of a link from `from` to `to`: endpoints and transit countries, consecutive repeats merged.
 * Links without transit countries share one frozen path per pair of countries (nothing modifies a path).
 */
function countryPathOf(
  fromCountry: string,
  transit: readonly string[] | undefined,
  toCountry: string,
  shared: Map<string, Map<string, string[]>>,
): string[] {
  if (transit === undefined || transit.length === 0) {
    let byTo = shared.get(fromCountry);
    if (!byTo) {
      byTo = new Map();
      shared.set(fromCountry, byTo);
    }
    let path = byTo.get(toCountry);
    if (!path) {
      path = Object.freeze(fromCountry === toCountry ? [fromCountry] : [fromCountry, toCountry]) as string[];
      byTo.set(toCountry, path);
    }
    return path;
  }
  const path: string[] = [];
  for (const c of [fromCountry, ...transit, toCountry]) if (path[path.length - 1] !== c) path.push(c);
  return path;
}

/**
 * Validates raw records and builds the network.
 * @throws NetworkDataError listing every problem found, each naming file, record and field.
 */
export function createNetwork(raw: RawNetworkWithAdvisories): Network {
  const valid = validateRecords(raw);
  const { nodes, nodeById, parameters } = valid;
  const linkEnds = valid.ends;

  const routing = new RoutingIndexBuilder(nodes, valid.links.length);
  const paths = new Map<string, Map<string, string[]>>();
  // One input object, refilled for each link: the builder copies what it needs.
  const input: CompileInputLink = {
    fromIndex: 0,
    toIndex: 0,
    mode: 'rail',
    sea: undefined,
    countryPath: [],
    oneway: false,
    routable: true,
    distanceKm: 0,
    hours: 0,
    co2eKgPerTonne: 0,
  };
  const ends = transferEnds(nodes, valid.links, linkEnds);
  const linkById = new Map<string, NetworkLink>();
  const links: NetworkLink[] = valid.links.map((record, index) => {
    const from = nodes[linkEnds[2 * index] as number] as NetworkNode;
    const to = nodes[linkEnds[2 * index + 1] as number] as NetworkNode;
    // The record is fresh (zod or a reader made it): it becomes the network's link.
    const link = record as NetworkLink;
    link.id = `${record.from}--${record.to}--${record.mode}`;
    link.index = index;
    link.countryPath = countryPathOf(from.country, record.countries, to.country, paths);
    link.movingHours = movingHours(record, from.country, parameters);
    // The handling at each end on its own (the ends are independent), then the link's whole wait.
    link.handlingAtFromHours = handlingHours(record, ends[from.index] as TransferEnd, NO_TRANSFER);
    link.handlingAtToHours = handlingHours(record, NO_TRANSFER, ends[to.index] as TransferEnd);
    link.waitHours = waitHours(record) + link.handlingAtFromHours + link.handlingAtToHours;
    link.co2eKgPerTonne = co2eKgPerTonne(record, parameters);
    link.emissionFactor = emissionFactor(record, parameters).name;
    input.fromIndex = from.index;
    input.toIndex = to.index;
    input.mode = link.mode;
    input.sea = link.sea;
    input.countryPath = link.countryPath;
    input.oneway = link.oneway;
    // Links that open or close on a date are compiled too; each request masks those not open on its date.
    input.routable = mayBeOpen(link);
    input.distanceKm = link.distanceKm;
    input.hours = link.movingHours + link.waitHours;
    input.co2eKgPerTonne = link.co2eKgPerTonne;
    routing.addLink(input);
    linkById.set(link.id, link);
    return link;
  });

  const index = routing.build();
  const problems: string[] = [];
  const advisories = validateAdvisories(raw.advisories, nodeById, linkById, index, problems);
  if (problems.length > 0) throw new NetworkDataError(problems);

  let graph: MultiGraph<NetworkNode, NetworkLink> | undefined;
  let mapLayer: MapNetwork | undefined;
  let engine: RoutingEngine | undefined;
  const network: Network = {
    // Built on first use: routing never needs it, and at a million nodes it costs seconds and gigabytes. A
    // server builds it before listening, by calling buildGraph.
    get graph() {
      graph ??= buildGraph(nodes, links);
      return graph;
    },
    buildGraph() {
      graph ??= buildGraph(nodes, links);
      return graph;
    },
    nodes,
    nodeById,
    links,
    linkById,
    seas: valid.seas,
    parameters,
    countries: summarizeCountries(nodes),
    dataVersion: raw.dataVersion ?? hashRecords(raw),
    routing: index,
    places: buildPlaceIndex(nodes),
    advisories,
    // Made on first query: its search buffers are sized to the network.
    get engine() {
      engine ??= new RoutingEngine(network);
      return engine;
    },
    // Made on first use: only SVG maps need it.
    get mapLayer() {
      mapLayer ??= createNetworkLayer(network);
      return mapLayer;
    },
  };
  return network;
}

/**
 * Per node: its transfer hours, the modes of the in-service links meeting there (what a mode change at the
 * node can be) and a gauge-change station's own gauge. Nodes with neither share one empty entry.
 */
/** An end where nothing is handled: to read one end of a link's handling alone. */
const NO_TRANSFER: TransferEnd = { transfer: 0, modes: new Set(), gauge: undefined };

function transferEnds(
  nodes: readonly NetworkNode[],
  links: readonly { mode: Mode; status: string }[],
  linkEnds: Int32Array,
): TransferEnd[] {
  const modes: (Set<Mode> | undefined)[] = new Array(nodes.length);
  const add = (i: number, mode: Mode, create: boolean) => {
    let set = modes[i];
    if (!set) {
      if (!create) return;
      set = new Set();
      modes[i] = set;
    }
    set.add(mode);
  };
  // Ferry and road ends first; rail is then only recorded at nodes one of them reaches.
  for (const pass of [false, true]) {
    for (let l = 0; l < links.length; l++) {
      const link = links[l] as { mode: Mode; status: string };
      if (link.status !== 'in-service' || (link.mode === 'rail') !== pass) continue;
      add(linkEnds[2 * l] as number, link.mode, !pass);
      add(linkEnds[2 * l + 1] as number, link.mode, !pass);
    }
  }
  const none: TransferEnd = { transfer: 0, modes: new Set(), gauge: undefined };
  return nodes.map((n, i) => {
    const set = modes[i];
    if (!set && n.gauge === undefined) return none;
    return { transfer: n.transfer, modes: set ?? none.modes, gauge: n.gauge };
  });
}

/** The graphology model of validated nodes and links (ids are unique, so nothing here can fail). */
function buildGraph(
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
): MultiGraph<NetworkNode, NetworkLink> {
  const graph = new graphology.MultiGraph<NetworkNode, NetworkLink>({ type: 'mixed', allowSelfLoops: false });
  for (const node of nodes) graph.addNode(node.id, node);
  for (const link of links) {
    if (link.oneway) graph.addDirectedEdgeWithKey(link.id, link.from, link.to, link);
    else graph.addUndirectedEdgeWithKey(link.id, link.from, link.to, link);
  }
  return graph;
}
