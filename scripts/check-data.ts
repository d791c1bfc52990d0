/**
 * Validates a network directory (default graph-data/) and prints its size, its published-services table, and
 * the data audits: gauges meeting without a gauge change, detours that suggest a missing junction, and the
 * share of rail lengths from cited sources per country. Exits non-zero on invalid data or a gauge problem.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyDetourReviews,
  detourSuspects,
  distanceBasisShares,
  gaugeProblems,
  loadNetwork,
  NetworkDataError,
  PUBLISHED_SERVICES_FILE,
  readDetourReviews,
  readPublishedServices,
} from '../src/domain/index.js';

const dir = process.argv[2] ?? 'graph-data';
const out = (line: string) => process.stdout.write(`${line}\n`);
try {
  const network = loadNetwork(dir);
  const inService = network.links.filter((l) => l.status === 'in-service').length;
  out(
    `${dir}: ${network.nodes.length} nodes, ${network.links.length} links (${inService} in service), ${network.countries.length} countries, ${network.seas.size} seas`,
  );
  out(network.dataVersion);

  let failed = false;
  if (existsSync(join(dir, PUBLISHED_SERVICES_FILE))) {
    const services = readPublishedServices(dir);
    const unknown = services.flatMap((s) =>
      [s.origin, s.destination, ...s.via, ...s.passes, ...(s.ferryPorts ?? [])]
        .filter((id) => !network.nodeById.has(id))
        .map((id) => `${PUBLISHED_SERVICES_FILE} (${s.id}): "${id}" is not a known node`),
    );
    for (const line of unknown) out(line);
    failed ||= unknown.length > 0;
    out(`published services: ${services.length}`);
  }

  const gauges = gaugeProblems(network);
  for (const line of gauges) out(`gauge: ${line}`);
  failed ||= gauges.length > 0;

  const { unreviewed, reviewed, stale } = applyDetourReviews(
    detourSuspects(network),
    readDetourReviews(dir, network),
  );
  out(
    `detours (shortest rail path turns back at a node, >= 2 x great circle): ${reviewed.length} reviewed, ${unreviewed.length} to review`,
  );
  for (const d of unreviewed)
    out(
      `  ${d.from} – ${d.via} – ${d.to}: ${d.km} km against ${d.greatCircleKm} km great circle (${(d.km / d.greatCircleKm).toFixed(2)} x)`,
    );
  for (const r of stale)
    out(`  stale review in ${r.file}: ${r.between[0]} – ${r.via} – ${r.between[1]} is no longer flagged`);

  out('rail lengths by basis (sourced / derived / estimate / unstated, cited share):');
  for (const r of distanceBasisShares(network))
    out(
      `  ${r.country.padEnd(3)} ${String(r.railLinks).padStart(4)} links: ${r.byBasis.sourced} / ${r.byBasis.derived} / ${r.byBasis.estimate} / ${r.byBasis.unstated}, ${(100 * r.citedShare).toFixed(0)} %`,
    );
  if (failed) process.exit(1);
} catch (error) {
  if (error instanceof NetworkDataError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
