/** One builder for HTTP tests: the app over the fixture network, ready for app.inject(). */
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/app.js';
import { loadNetwork, type Network } from '../../src/domain/index.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/mini-network', import.meta.url));
export const EMBEDDED_DIR = fileURLToPath(new URL('../../graph-data', import.meta.url));

let fixture: Network | undefined;

export function fixtureNetwork(): Network {
  fixture ??= loadNetwork(FIXTURE_DIR);
  return fixture;
}

export function buildTestApp(network: Network = fixtureNetwork()) {
  return buildApp({ network });
}
