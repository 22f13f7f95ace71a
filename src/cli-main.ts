/** The `bump-classifier` executable: runs the CLI with the process's argv and streams. */
import { main } from './cli.js';

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bump-classifier: internal error: ${String(error)}\n`);
    process.exitCode = 3;
  },
);
