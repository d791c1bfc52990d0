/**
 * The production dependency record (docs/dependencies.md): every package `npm ci --omit=dev` installs, as
 * name@version, read from package-lock.json. `npm run deps:record` rewrites the list in the document;
 * `npm run deps:check` (and a test) fails when the lock file's production tree differs from the record, so that a
 * dependency change comes with its review against the advisories.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RECORD_PATH = `${ROOT}docs/dependencies.md`;
const BEGIN = '<!-- production-tree:begin -->';
const END = '<!-- production-tree:end -->';

interface LockPackage {
  name?: string;
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
}

/** name@version of every package of the lock file's production tree, sorted and without repeats. */
export function productionTree(lockText = readFileSync(`${ROOT}package-lock.json`, 'utf8')): string[] {
  const lock = JSON.parse(lockText) as { packages: Record<string, LockPackage> };
  const out = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.devOptional || entry.link) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    out.add(`${name}@${entry.version}`);
  }
  return [...out].sort();
}

/** The list as the record holds it. */
export function recordedTree(recordText = readFileSync(RECORD_PATH, 'utf8')): string[] {
  const begin = recordText.indexOf(BEGIN);
  const end = recordText.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${RECORD_PATH}: no ${BEGIN} ... ${END} block`);
  return recordText
    .slice(begin + BEGIN.length, end)
    .split('\n')
    .map((line) => /^- `([^`]+)`/.exec(line.trim())?.[1])
    .filter((entry): entry is string => entry !== undefined);
}

/** Packages added to and removed from the lock file's production tree since the record. */
export function treeChanges(): { added: string[]; removed: string[] } {
  const now = new Set(productionTree());
  const recorded = new Set(recordedTree());
  return {
    added: [...now].filter((p) => !recorded.has(p)),
    removed: [...recorded].filter((p) => !now.has(p)),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--write')) {
    const text = readFileSync(RECORD_PATH, 'utf8');
    const tree = productionTree();
    const list = tree.map((p) => `- \`${p}\``).join('\n');
    const begin = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    writeFileSync(RECORD_PATH, `${text.slice(0, begin + BEGIN.length)}\n${list}\n${text.slice(end)}`);
    process.stdout.write(`${RECORD_PATH}: ${tree.length} packages\n`);
  } else {
    const { added, removed } = treeChanges();
    if (added.length + removed.length > 0) {
      process.stderr.write(
        `the production dependency tree changed since docs/dependencies.md was reviewed:\n${added.map((p) => `  + ${p}`).join('\n')}\n${removed.map((p) => `  - ${p}`).join('\n')}\nreview the changes against the advisories, then run npm run deps:record\n`,
      );
      process.exit(1);
    }
    process.stdout.write('docs/dependencies.md matches the lock file\n');
  }
}
