/**
 * What the command line talks to: its two output streams, its working directory and its
 * environment. The entry (cli.ts) and the rule-authoring commands (cli-commands.ts) both take
 * it, so neither imports the other back.
 */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
}
