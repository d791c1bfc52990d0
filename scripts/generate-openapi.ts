/**
 * Writes the OpenAPI document served at /openapi.json to openapi/openapi.json (with --check: fails when the
 * committed file differs from what the code generates). The document does not depend on the network data.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';
import { loadNetwork } from '../src/domain/index.js';

const target = new URL('../openapi/openapi.json', import.meta.url);
const app = await buildApp({
  network: loadNetwork(new URL('../tests/fixtures/mini-network', import.meta.url).pathname),
});
const generated = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing file: reported below as a difference
  }
  if (committed !== generated) {
    process.stderr.write(
      'openapi/openapi.json is out of date: run `npm run openapi` and commit the result\n',
    );
    process.exit(1);
  }
  process.stdout.write('openapi/openapi.json is up to date\n');
} else {
  writeFileSync(target, generated);
  process.stdout.write(`wrote ${target.pathname}\n`);
}
