/** Validates a network directory (default graph-data/) and prints its size, or every problem found. */
import { loadNetwork, NetworkDataError } from '../src/domain/index.js';

const dir = process.argv[2] ?? 'graph-data';
try {
  const network = loadNetwork(dir);
  const inService = network.links.filter((l) => l.status === 'in-service').length;
  process.stdout.write(
    `${dir}: ${network.nodes.length} nodes, ${network.links.length} links (${inService} in service), ${network.countries.length} countries, ${network.seas.size} seas\n${network.dataVersion}\n`,
  );
} catch (error) {
  if (error instanceof NetworkDataError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
