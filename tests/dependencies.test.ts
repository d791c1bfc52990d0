/**
 * docs/dependencies.md records the production dependency tree that was reviewed against the advisories: the
 * test fails when package-lock.json's production tree no longer matches it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { productionTree, recordedTree, treeChanges } from '../scripts/dependencies.js';

describe('the production dependency record', () => {
  it('matches the lock file', () => {
    expect(treeChanges()).toEqual({ added: [], removed: [] });
    expect(recordedTree().length).toBeGreaterThan(100);
  });

  it('notices a changed version in the lock file', () => {
    const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
    lock.packages['node_modules/fastify'].version = '5.0.0';
    const changed = productionTree(JSON.stringify(lock));
    expect(changed).toContain('fastify@5.0.0');
    expect(recordedTree()).not.toContain('fastify@5.0.0');
    // Dev-only packages are not part of it.
    expect(changed.some((p) => p.startsWith('vitest@'))).toBe(false);
  });
});
