/** The CLI's main() in this process, with its output collected: what the CLI tests run. */
import { main } from '../../src/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (--format json). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON documents
  json: () => any;
}

export async function runCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
