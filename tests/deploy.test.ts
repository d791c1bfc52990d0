/**
 * The deployment files agree with the app: the Kubernetes manifests (deploy/), the Dockerfile and the
 * server's configuration name the same port, the same health route, and an image built from this package.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config.js';
import { buildTestApp } from './helpers/test-app.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is navigated freely; the assertions check the shape
type Yaml = Record<string, any>;
const deployment = parse(read('deploy/deployment.yaml')) as Yaml;
const service = parse(read('deploy/service.yaml')) as Yaml;
const hpa = parse(read('deploy/hpa.yaml')) as Yaml;
const secret = parse(read('deploy/secret.yaml')) as Yaml;
const dockerfile = read('Dockerfile');
const pkg = JSON.parse(read('package.json')) as { name: string; version: string };

const container = deployment.spec.template.spec.containers[0] as Yaml;
const defaults = loadConfig({});
const app = buildTestApp();
beforeAll(async () => {
  await app;
});
afterAll(async () => (await app).close());

/** The runtime stage of the Dockerfile: from its last FROM to the end. */
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

/** A port given by name or number in a container resolves to the container's port number. */
function portNumber(port: string | number): number {
  if (typeof port === 'number') return port;
  const named = (container.ports as Yaml[]).find((p) => p.name === port);
  expect(named, `port ${port}`).toBeDefined();
  return named?.containerPort as number;
}

describe('deployment files', () => {
  it('all use the default PORT of the app', () => {
    expect(defaults.PORT).toBe(3000);
    expect(container.ports.map((p: Yaml) => p.containerPort)).toEqual([defaults.PORT]);
    expect(runtimeStage).toMatch(new RegExp(`^EXPOSE ${defaults.PORT}$`, 'm'));
    expect(runtimeStage).toMatch(new RegExp(String.raw`^ENV [\s\S]*PORT=${defaults.PORT}`, 'm'));
    expect(portNumber(service.spec.ports[0].targetPort)).toBe(defaults.PORT);
  });

  it('listen on every interface in the container (the app defaults to loopback)', () => {
    expect(defaults.HOST).toBe('127.0.0.1');
    expect(runtimeStage).toMatch(/^ENV [\s\S]*HOST=0\.0\.0\.0/m);
    const env = Object.fromEntries((container.env as Yaml[]).map((e) => [e.name, e.value]));
    expect(env.HOST).toBe('0.0.0.0');
  });

  it('take DATABASE_URL from the Secret, a PostgreSQL URL the app accepts (replicas share one store)', () => {
    const entry = (container.env as Yaml[]).find((e) => e.name === 'DATABASE_URL');
    expect(entry?.value).toBeUndefined();
    const ref = entry?.valueFrom?.secretKeyRef as Yaml;
    expect(ref.name).toBe(secret.metadata.name);
    expect(secret.kind).toBe('Secret');
    const url = secret.stringData[ref.key];
    expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL.engine).toBe('postgres');
    // Read-only root filesystem: a SQLite file could not be written, so the Secret is required.
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(deployment.spec.replicas).toBeGreaterThan(1);
  });

  it('the image can write its default SQLite store (./var) as the non-root user', () => {
    expect(runtimeStage).toMatch(/mkdir -p \/app\/var[\s\S]*chown node:node \/app\/var/);
    expect(runtimeStage).toMatch(/npm rebuild better-sqlite3/);
  });

  it('set only environment variables the app knows, with valid values', () => {
    const env = Object.fromEntries(
      (container.env as Yaml[])
        .filter((e) => e.valueFrom === undefined)
        .map((e) => [e.name, String(e.value)]),
    );
    const known = new Set([...Object.keys(defaults), 'NODE_OPTIONS']);
    for (const name of Object.keys(env)) expect(known.has(name), name).toBe(true);
    const config = loadConfig(env);
    expect(config.PORT).toBe(container.ports[0].containerPort);
  });

  it('probe a health route that exists and answers 200, on the container port', async () => {
    const probes = ['readinessProbe', 'livenessProbe', 'startupProbe'].map((k) => container[k] as Yaml);
    for (const probe of probes) {
      expect(probe.httpGet.path).toBe('/health');
      expect(portNumber(probe.httpGet.port)).toBe(defaults.PORT);
    }
    const res = await (await app).inject(probes[0]?.httpGet.path);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ok');
  });

  it('the Dockerfile health check asks /health on the same port, without curl', () => {
    const check = /^HEALTHCHECK [\s\S]*?CMD (\[.*\])$/m.exec(runtimeStage);
    expect(check).not.toBeNull();
    const command = JSON.parse(check?.[1] ?? '[]') as string[];
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toMatch(/\/health/);
    expect(command.join(' ')).toMatch(new RegExp(`process\\.env\\.PORT\\|\\|${defaults.PORT}`));
    expect(runtimeStage).not.toMatch(/curl|wget/);
  });

  it('run an image of this package, as a non-root user, with production dependencies only', () => {
    expect(container.image).toBe(`${pkg.name}:${pkg.version}`);
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(runtimeStage).toMatch(/^USER node$/m);
    expect(runtimeStage).toMatch(/npm ci --omit=dev/);
    expect(runtimeStage).toMatch(/^CMD \["node", "dist\/server\.js"\]$/m);
    // Multi-stage: the build stage compiles with dev dependencies.
    expect(dockerfile.match(/^FROM /gm)?.length).toBe(2);
    expect(dockerfile).toMatch(/npm run build/);
  });

  it('have resource requests and limits, and a grace period longer than the drain', () => {
    for (const kind of ['requests', 'limits']) {
      expect(container.resources[kind].cpu, kind).toBeDefined();
      expect(container.resources[kind].memory, kind).toBeDefined();
    }
    // The server drains for at most 10 s after SIGTERM, after the preStop pause.
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(10 + 5);
  });

  it('scale the Deployment the Service selects', () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    for (const [key, value] of Object.entries(service.spec.selector)) expect(labels[key]).toBe(value);
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
  });
});
