/**
 * One projection of a node for every answer that shows one: node search, node detail and the GeoJSON export
 * show the same facts of each node of the embedded network, optional facts only where the data has them.
 */
import { describe, expect, it } from 'vitest';
import {
  getNode,
  loadNetwork,
  type NetworkNode,
  networkToGeoJson,
  nodeSummary,
  searchNodes,
} from '../../src/domain/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

const network = loadNetwork(EMBEDDED_DIR);

describe('nodeSummary', () => {
  it('is what node search, node detail and the GeoJSON export show of every node', () => {
    const listed = new Map(searchNodes(network, { limit: 100_000 }).nodes.map((n) => [n.id, n]));
    const features = networkToGeoJson(network).features.filter((f) => f.properties.featureType === 'node');
    expect(listed.size).toBe(network.nodes.length);
    expect(features).toHaveLength(network.nodes.length);
    for (const feature of features) {
      const node = network.nodeById.get(feature.id as string);
      expect(node, String(feature.id)).toBeDefined();
      if (!node) continue;
      const summary = nodeSummary(node);
      const { lat, lon, ...facts } = summary;
      expect(listed.get(node.id)).toStrictEqual(summary);
      expect(feature.properties).toStrictEqual({ featureType: 'node', ...facts, source: node.source });
      expect(feature.geometry.coordinates).toEqual([lon, lat]);
      const { links: _links, source, ...detail } = getNode(network, node.id);
      expect(detail).toStrictEqual(summary);
      expect(source).toBe(node.source);
    }
  });

  it('lists optional facts only when the data has them, in a fixed order', () => {
    const base: NetworkNode = {
      id: 'KZ_AKTAU',
      name: 'Aktau',
      aliases: [],
      country: 'KZ',
      lat: 43.6,
      lon: 51.2,
      kinds: ['port'],
      source: 's',
      notes: 'not public',
      index: 0,
      dwell: 0,
      transfer: 0,
    };
    const plain = ['id', 'name', 'aliases', 'country', 'lat', 'lon', 'kinds'];
    expect(Object.keys(nodeSummary(base))).toEqual(plain);
    expect(Object.keys(nodeSummary({ ...base, dwellHours: 4, unlocode: 'KZAAU' }))).toEqual([
      ...plain,
      'unlocode',
      'dwellHours',
    ]);
    expect(nodeSummary({ ...base, dwellHours: 0 }).dwellHours).toBe(0);
  });
});
