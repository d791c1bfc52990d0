import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

describe('OpenAPI document', () => {
  it('the served document equals the committed openapi/openapi.json', async () => {
    const served = (await app.inject('/openapi.json')).json();
    const committed = JSON.parse(
      readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'),
    );
    expect(served).toEqual(committed);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
  });

  it('documents every parameter with a description and an example, and 200/400/404/408/414/422/429/431/503 for /routes', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    for (const [path, item] of Object.entries<
      Record<
        string,
        {
          parameters?: { name: string; description?: string; schema?: { examples?: unknown[] } }[];
          responses: Record<string, unknown>;
        }
      >
    >(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const p of op.parameters ?? []) {
          expect(p.description, `${path} ${p.name}`).toBeTruthy();
          expect(p.schema?.examples?.[0], `${path} ${p.name}`).toBeDefined();
        }
      }
    }
    expect(Object.keys(doc.paths['/routes'].get.responses).sort()).toEqual([
      '200',
      '400',
      '404',
      '408',
      '414',
      '422',
      '429',
      '431',
      '503',
    ]);
  });

  it('names a relative server, so that "Try it out" in /docs calls the origin that serves it (CSP connect-src)', async () => {
    const doc = (await app.inject('/openapi.json')).json() as { servers: { url: string }[] };
    expect(doc.servers.map((s) => s.url)).toEqual(['/']);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await app.inject('/docs');
    expect([200, 302]).toContain(res.statusCode);
    const page = await app.inject('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });
});
