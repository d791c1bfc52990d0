import { describe, expect, it } from 'vitest';
import {
  compileDisruptions,
  type Disruption,
  DisruptionSchema,
  findRoutes,
  linksClosedOn,
  loadNetwork,
  normalizeConstraints,
  pathInTree,
  resolveNetworkDate,
  Search,
  treeTotals,
  walkPath,
  withMasks,
} from '../../src/domain/index.js';
import { inlineNetwork } from '../helpers/inline-network.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

// KZ_A -2000- RU_B -2500- DE_D, and KZ_A -1200- AZ_C -700- GE_E -2800- DE_D; UZ_F hangs off AZ_C (300 km).
const nodes = [
  { id: 'KZ_A', lat: 45, lon: 60 },
  { id: 'RU_B', lat: 50, lon: 40 },
  { id: 'DE_D', lat: 51, lon: 10 },
  { id: 'AZ_C', lat: 40, lon: 49, kinds: ['border'] },
  { id: 'GE_E', lat: 42, lon: 42 },
  { id: 'UZ_F', lat: 41, lon: 52 },
];
const links = [
  { from: 'KZ_A', to: 'RU_B', distanceKm: 2000 },
  { from: 'RU_B', to: 'DE_D', distanceKm: 2500 },
  { from: 'KZ_A', to: 'AZ_C', distanceKm: 1200 },
  { from: 'AZ_C', to: 'GE_E', distanceKm: 700 },
  { from: 'GE_E', to: 'DE_D', distanceKm: 2800 },
  { from: 'AZ_C', to: 'UZ_F', distanceKm: 300 },
];

describe('searchTree (one-to-many)', () => {
  const network = inlineNetwork(nodes, links);
  const idx = (id: string) => network.nodeById.get(id)?.index ?? -1;

  it('gives every node its shortest distance from the source', () => {
    const tree = network.engine.search.searchTree(idx('KZ_A'), { metric: 'distance' });
    expect(tree.settledCount).toBe(6);
    expect(tree.cost[idx('DE_D')]).toBe(4500);
    expect(tree.cost[idx('GE_E')]).toBe(1900);
    expect(tree.cost[idx('UZ_F')]).toBe(1500);
    expect(tree.order[0]).toBe(idx('KZ_A'));
    expect(pathInTree(tree, idx('DE_D'))?.nodes).toEqual([idx('KZ_A'), idx('RU_B'), idx('DE_D')]);
  });

  it('respects exclusion masks: an avoided country is never entered', () => {
    const constraints = normalizeConstraints(network, { avoid: ['RU'] });
    const tree = withMasks(network, constraints, (masks) =>
      network.engine.search.searchTree(idx('KZ_A'), { metric: 'distance', ...masks }),
    );
    expect(tree.cost[idx('RU_B')]).toBe(Number.POSITIVE_INFINITY);
    expect(tree.cost[idx('DE_D')]).toBe(4700);
    expect(pathInTree(tree, idx('RU_B'))).toBeNull();
  });

  it('stops once every target is settled, leaving farther nodes out of the tree', () => {
    const tree = network.engine.search.searchTree(idx('KZ_A'), {
      metric: 'distance',
      targets: [idx('AZ_C')],
    });
    expect(tree.cost[idx('AZ_C')]).toBe(1200);
    // GE_E (1900) and DE_D (4500) lie beyond the only target.
    expect(tree.cost[idx('GE_E')]).toBe(Number.POSITIVE_INFINITY);
    expect(tree.cost[idx('DE_D')]).toBe(Number.POSITIVE_INFINITY);
  });

  it('honours a cost budget', () => {
    const tree = network.engine.search.searchTree(idx('KZ_A'), { metric: 'distance', maxCost: 1900 });
    const reached = [...tree.order.slice(0, tree.settledCount)].map((i) => network.nodes[i]?.id).sort();
    expect(reached).toEqual(['AZ_C', 'GE_E', 'KZ_A', 'UZ_F']);
  });

  it('adds dwell at intermediate nodes for the time metric, as shortestPath does', () => {
    const tree = network.engine.search.searchTree(idx('KZ_A'), { metric: 'time' });
    const direct = network.engine.search.shortestPath(idx('KZ_A'), idx('GE_E'), { metric: 'time' });
    // 1200 + 700 km at 40 km/h plus 6 h at the AZ_C border.
    expect(tree.cost[idx('GE_E')]).toBeCloseTo(1900 / 40 + 6, 9);
    expect(tree.cost[idx('GE_E')]).toBe(direct?.cost);
  });

  it('a blocked source reaches nothing', () => {
    const blocked = new Uint8Array(network.routing.nodeCount);
    blocked[idx('KZ_A')] = 1;
    const tree = network.engine.search.searchTree(idx('KZ_A'), { metric: 'distance', blockedNodes: blocked });
    expect(tree.settledCount).toBe(0);
  });
});

describe('treeTotals over the embedded network', () => {
  const network = loadNetwork(EMBEDDED_DIR);

  it('equals the totals findRoutes reports, for every node reachable from Xi’an, by every metric', () => {
    const source = network.nodeById.get('CN_XIAN');
    if (!source) throw new Error('CN_XIAN missing');
    for (const metric of ['distance', 'time', 'co2'] as const) {
      // Today's network, as findRoutes plans on it by default (links not yet open, or closed, left out).
      const today = {
        countries: [],
        modes: [],
        seas: [],
        nodes: [],
        closedLinks: linksClosedOn(network, resolveNetworkDate(undefined)),
      };
      const tree = withMasks(network, today, (masks) =>
        network.engine.search.searchTree(source.index, { metric, ...masks }),
      );
      const totals = treeTotals(network, tree);
      expect(tree.settledCount).toBeGreaterThan(200);
      for (let k = 1; k < tree.settledCount; k++) {
        const v = tree.order[k] as number;
        const target = network.nodes[v];
        if (!target) throw new Error('node missing');
        const route = findRoutes(network, 'CN_XIAN', target.id, { optimize: metric }).routes[0];
        const r1 = (x: number) => Math.round(x * 10) / 10;
        expect([
          r1(totals.distanceKm[v] ?? 0),
          r1(totals.durationHours[v] ?? 0),
          r1(totals.co2eKgPerTonne[v] ?? 0),
        ]).toEqual([route?.distanceKm, route?.durationHours, route?.co2eKgPerTonne]);
        expect(totals.legs[v]).toBe(route?.legs.length);
      }
    }
  });
});

describe('searchTree with disruption rules (the clock running)', () => {
  const network = loadNetwork(EMBEDDED_DIR);
  const depart = new Date('2026-12-01T06:00:00Z');
  const disruption = (id: string, fields: Partial<Disruption> & Pick<Disruption, 'target' | 'effect'>) =>
    DisruptionSchema.parse({
      id,
      version: 1,
      startsAt: '2026-11-30T00:00:00Z',
      endsAt: null,
      reason: id,
      source: 'https://example.org/notices/1',
      ...fields,
    });
  const rules = compileDisruptions(
    network,
    [
      disruption('aktau', { target: { kind: 'node', id: 'KZ_AKTAU' }, effect: 'closed' }),
      // A closure that starts while cargo from Xi'an is under way: some nodes are closed by the time it gets there.
      disruption('poti', {
        target: { kind: 'node', id: 'GE_POTI' },
        effect: 'closed',
        startsAt: '2026-12-10T00:00:00Z',
      }),
      disruption('kz', { target: { kind: 'country', id: 'KZ' }, effect: 'delay', extraHours: 30 }),
    ],
    depart,
  );
  if (!rules) throw new Error('rules expected');

  it.each(['distance', 'time', 'co2'] as const)(
    'gives every node the path and cost timedShortestPath gives it, and walkPath its extra hours (%s)',
    (metric) => {
      const source = network.nodeById.get('CN_XIAN')?.index ?? -1;
      // A tree is valid until its search grows the next one: the plain tree's costs are copied first.
      const plainCost = network.engine.search.searchTree(source, { metric }).cost.slice();
      const tree = network.engine.search.searchTree(source, { metric, rules });
      let differ = 0;
      let checked = 0;
      for (let v = 0; v < network.nodes.length; v++) {
        const timed = network.engine.search.timedShortestPath(source, v, { metric, rules });
        const path = pathInTree(tree, v);
        if (timed === null) {
          expect(path, network.nodes[v]?.id).toBeNull();
          continue;
        }
        expect(path?.nodes, network.nodes[v]?.id).toEqual(timed.nodes);
        expect(path?.cost).toBe(timed.cost);
        const walk = walkPath(network, rules, timed.nodes, timed.links);
        expect(tree.legExtraHours?.[v]).toBe(walk.legExtraHours[walk.legExtraHours.length - 1] ?? 0);
        if (plainCost[v] !== tree.cost[v]) differ++;
        checked++;
      }
      expect(checked).toBeGreaterThan(200);
      // The rules change a part of the tree, not nothing.
      expect(differ).toBeGreaterThan(10);
      expect(pathInTree(tree, network.nodeById.get('KZ_AKTAU')?.index ?? -1)).toBeNull();
    },
  );
});

describe('the engine reuses its search buffers', () => {
  const network = loadNetwork(EMBEDDED_DIR);

  it('each tree it grows equals one grown by a fresh Search, whatever trees came before', () => {
    const reused = network.engine.search;
    const sources = ['CN_XIAN', 'KZ_AKTAU', 'DE_DUISBURG', 'TR_HALKALI', 'CN_XIAN'].map(
      (id) => network.nodeById.get(id)?.index ?? -1,
    );
    const budgets = [Number.POSITIVE_INFINITY, 3000, 800];
    let k = 0;
    for (const source of sources) {
      for (const metric of ['distance', 'time'] as const) {
        const maxCost = budgets[k++ % budgets.length] as number;
        const targets = k % 2 ? [sources[0] as number, sources[2] as number] : null;
        const options = { metric, maxCost, targets };
        const tree = reused.searchTree(source, options);
        const fresh = new Search(network.routing).searchTree(source, options);
        expect(tree.settledCount).toBe(fresh.settledCount);
        expect(tree.cost).toEqual(fresh.cost);
        expect(tree.prevNode).toEqual(fresh.prevNode);
        expect(tree.prevLink).toEqual(fresh.prevLink);
        expect(tree.order.slice(0, tree.settledCount)).toEqual(fresh.order.slice(0, fresh.settledCount));
      }
    }
  });
});
