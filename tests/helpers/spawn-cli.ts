/** The CLI spawned as an operator runs it (`node --import tsx src/cli.ts …` from the repository root). */
import { spawnSync } from 'node:child_process';
import { ROOT } from './spawn-server.js';

/** Runs the CLI to its end with `args`, the test's environment plus `env`; its exit code and output. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
