/**
 * Advisories on inline networks: routes list those they touch (country, link, node), warnings say so,
 * avoidAdvisories excludes what they cover (and NO_ROUTE names them), validity follows the network date, and
 * a bad advisories file stops the load naming file, record and field.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRoutes, loadNetwork, NetworkDataError } from '../../src/domain/index.js';
import { domainErrorOf } from '../helpers/domain-error.js';
import { inlineNetwork, PARAMETERS } from '../helpers/inline-network.js';
import { FIXTURE_DIR } from '../helpers/test-app.js';

// KZ_A to DE_D through UA (short) or through GE and TR (long).
const nodes = [
  { id: 'KZ_A', lat: 45, lon: 60 },
  { id: 'UA_B', lat: 46.3, lon: 30.7, kinds: ['port', 'rail'] },
  { id: 'GE_C', lat: 41.6, lon: 41.6 },
  { id: 'TR_E', lat: 41, lon: 29 },
  { id: 'DE_D', lat: 51, lon: 10 },
];
const links = [
  { from: 'KZ_A', to: 'UA_B', distanceKm: 2800 },
  { from: 'UA_B', to: 'DE_D', distanceKm: 1900 },
  { from: 'KZ_A', to: 'GE_C', distanceKm: 2000 },
  { from: 'GE_C', to: 'TR_E', distanceKm: 1400 },
  { from: 'TR_E', to: 'DE_D', distanceKm: 2100 },
];
const advisory = (fields: Record<string, unknown>) => ({
  summary: 'test summary.',
  source: 'https://example.org/advisory',
  asOf: '2026-01-01',
  ...fields,
});
const ADVISORIES = [
  advisory({ id: 'ua-war', kind: 'war-risk', country: 'UA' }),
  advisory({ id: 'b-port', kind: 'war-risk', nodeId: 'UA_B' }),
  advisory({ id: 'ge-tr-queue', kind: 'congestion', linkId: 'GE_C--TR_E--rail' }),
  advisory({ id: 'tr-old', kind: 'congestion', country: 'TR', validUntil: '2025-06-30' }),
  advisory({ id: 'de-future', kind: 'sanctions', nodeId: 'DE_D', validFrom: '2031-01-01' }),
];
const network = inlineNetwork(nodes, links, PARAMETERS, ADVISORIES);
const ON = { networkDate: '2026-12-01' };

describe('advisories', () => {
  it('lists each advisory a route touches, once, and says so in the warnings', () => {
    const plan = findRoutes(network, 'KZ_A', 'DE_D', { ...ON, alternatives: 1 });
    const [best, alternative] = plan.routes;
    expect(best?.countries).toEqual(['KZ', 'UA', 'DE']);
    expect(best?.advisories.map((a) => a.id)).toEqual(['ua-war', 'b-port']);
    expect(best?.advisories[0]).toEqual({
      id: 'ua-war',
      kind: 'war-risk',
      country: 'UA',
      summary: 'test summary.',
      source: 'https://example.org/advisory',
      asOf: '2026-01-01',
    });
    expect(alternative?.advisories.map((a) => a.id)).toEqual(['ge-tr-queue']);
    expect(plan.warnings).toContainEqual(
      expect.stringMatching(/^Route 1: war risk at UA \(advisory ua-war, as of 2026-01-01\)/),
    );
    expect(plan.warnings).toContainEqual(expect.stringMatching(/^Route 2: congestion at GE_C--TR_E--rail/));
  });

  it('applies only the advisories valid on the network date', () => {
    const before = findRoutes(network, 'KZ_A', 'DE_D', { networkDate: '2025-01-01', avoid: ['UA'] });
    expect(before.routes[0]?.advisories.map((a) => a.id)).toEqual(['ge-tr-queue', 'tr-old']);
    const later = findRoutes(network, 'KZ_A', 'DE_D', { networkDate: '2031-06-01' });
    expect(later.routes[0]?.advisories.map((a) => a.id)).toEqual(['ua-war', 'b-port', 'de-future']);
    expect(later.networkDate).toBe('2031-06-01');
  });

  it('excludes what the avoided kinds cover: the country, the node, the link', () => {
    const plan = findRoutes(network, 'KZ_A', 'DE_D', { ...ON, avoidAdvisories: ['war-risk'] });
    expect(plan.routes[0]?.countries).toEqual(['KZ', 'GE', 'TR', 'DE']);
    expect(plan.avoidAdvisories).toEqual(['war-risk']);
    expect(plan.routes[0]?.comparedToUnconstrained?.extraDistanceKm).toBe(800);
    // A link advisory excludes its link alone.
    const e = domainErrorOf(() =>
      findRoutes(network, 'KZ_A', 'DE_D', { ...ON, avoidAdvisories: ['war-risk', 'congestion'] }),
    );
    expect(e.code).toBe('NO_ROUTE');
    expect(e.details.relaxations).toEqual(
      expect.arrayContaining([
        { allow: [{ kind: 'advisory', value: 'ge-tr-queue' }] },
        {
          allow: [
            { kind: 'advisory', value: 'ua-war' },
            { kind: 'advisory', value: 'b-port' },
          ],
        },
      ]),
    );
    expect(e.message).toContain('advisory ge-tr-queue');
  });

  it('refuses an endpoint that an avoided advisory covers, and an unknown kind', () => {
    const e = domainErrorOf(() =>
      findRoutes(network, 'UA_B', 'DE_D', { ...ON, avoidAdvisories: ['war-risk'] }),
    );
    expect(e.code).toBe('ENDPOINT_IN_AVOIDED_COUNTRY');
    expect(e.details.parameter).toBe('origin');
    expect(e.message).toContain('advisory');
    const bad = domainErrorOf(() => findRoutes(network, 'KZ_A', 'DE_D', { avoidAdvisories: ['piracy'] }));
    expect(bad.code).toBe('INVALID_PARAMETER');
    expect(bad.details).toMatchObject({ parameter: 'avoidAdvisories', value: 'piracy' });
  });
});

describe('the advisories file', () => {
  const problemsOf = (records: unknown[]): string[] => {
    try {
      inlineNetwork(nodes, links, PARAMETERS, records);
    } catch (error) {
      if (error instanceof NetworkDataError) return error.problems;
      throw error;
    }
    throw new Error('expected the network to be refused');
  };

  it('refuses references the network does not have, naming file, record and field', () => {
    expect(
      problemsOf([
        advisory({ id: 'a', kind: 'war-risk', nodeId: 'UA_X' }),
        advisory({ id: 'b', kind: 'war-risk', linkId: 'UA_B--KZ_A--ferry' }),
        advisory({ id: 'c', kind: 'sanctions', country: 'IR' }),
      ]),
    ).toEqual([
      'advisories.json[0] (a).nodeId: "UA_X" is not a known node',
      'advisories.json[1] (b).linkId: "UA_B--KZ_A--ferry" is not a known link (ids are FROM--TO--mode)',
      'advisories.json[2] (c).country: "IR" has no node or link in the network',
    ]);
  });

  it('refuses a record breaking the schema: two targets, an unknown kind, a source that is not a URL, a duplicate id', () => {
    const problems = problemsOf([
      advisory({ id: 'a', kind: 'war-risk', nodeId: 'UA_B', country: 'UA' }),
      advisory({ id: 'b', kind: 'piracy', country: 'UA' }),
      advisory({ id: 'c', kind: 'congestion', country: 'UA', source: 'a blog' }),
      advisory({ id: 'd', kind: 'congestion', country: 'UA', asOf: '2026-13-01' }),
      advisory({ id: 'd', kind: 'congestion', country: 'UA' }),
    ]);
    expect(problems[0]).toMatch(/^advisories\.json\[0\] \(a\)\.nodeId: must name exactly one target/);
    expect(problems[1]).toMatch(/^advisories\.json\[1\] \(b\)\.kind: /);
    expect(problems[2]).toBe('advisories.json[2] (c).source: must be an http(s) URL');
    expect(problems[3]).toMatch(/^advisories\.json\[3\] \(d\)\.asOf: must be a date YYYY-MM-DD/);
    expect(problems[4]).toBe(
      'advisories.json[4] (d).id: duplicate advisory id "d" (first at advisories.json[3] (d))',
    );
  });
});

describe('advisories.json in a network directory', () => {
  const withAdvisories = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'advisories-'));
    cpSync(FIXTURE_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'advisories.json'), text);
    return dir;
  };
  const loadError = (dir: string): string => {
    try {
      loadNetwork(dir);
    } catch (error) {
      if (error instanceof NetworkDataError) return error.message;
      throw error;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    throw new Error('expected the network to be refused');
  };

  it('is optional, and loaded when present', () => {
    const dir = withAdvisories(
      JSON.stringify([advisory({ id: 'kz', kind: 'congestion', nodeId: 'KZ_DOSTYK' })]),
    );
    try {
      expect(loadNetwork(dir).advisories.map((a) => a.id)).toEqual(['kz']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(loadNetwork(FIXTURE_DIR).advisories).toEqual([]);
  });

  it('stops the load on bad JSON or a bad record, naming the file', () => {
    expect(loadError(withAdvisories('[{"id": "x",,}]'))).toMatch(/advisories\.json:1:\d+: is not valid JSON/);
    expect(
      loadError(
        withAdvisories(JSON.stringify([advisory({ id: 'x', kind: 'congestion', nodeId: 'KZ_AKTUA' })])),
      ),
    ).toMatch(/advisories\.json\[0\] \(x\)\.nodeId: "KZ_AKTUA" is not a known node/);
  });
});
