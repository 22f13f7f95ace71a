/** The `bump-classifier` executable: runs the CLI with the process's argv and streams. */
import { quickAnswer } from './cli-help.js';

/**
 * A reader that goes away (`bump-classifier | head -1`) is not a failure: writing to that stream
 * stops (EPIPE) and the exit code stays the decision's. Any other write failure on stdout (a full
 * disk) loses the output, so it is reported on stderr and the exit code is at least 2.
 */
const closed = new Set<NodeJS.WriteStream>();
let outputLost: string | null = null;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    closed.add(stream);
    if (error.code !== 'EPIPE' && stream === process.stdout) outputLost ??= error.code ?? error.message;
  });
}

function write(stream: NodeJS.WriteStream, text: string): void {
  if (closed.has(stream) || stream.destroyed) return;
  try {
    stream.write(text);
  } catch {
    closed.add(stream); // a synchronous failure: treated as the 'error' event would be
  }
}

/** Resolves once what was written to the stream has been handed to the system, or has failed. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (closed.has(stream) || stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => stream.write('', () => resolve()));
}

let reported = false;

function exit(code: number): void {
  process.exitCode = outputLost === null ? code : Math.max(code, 2);
  if (outputLost !== null && !reported) {
    reported = true;
    write(process.stderr, `bump-classifier: cannot write the output: ${outputLost}\n`);
  }
}

const argv = process.argv.slice(2);
const quick = quickAnswer(argv);
// The decision code (config, git, the API client) loads only when there is something to decide.
(quick !== null
  ? Promise.resolve(write(process.stdout, quick)).then(() => 0)
  : import('./cli.js').then(({ main }) =>
      main(argv, {
        stdout: (text) => write(process.stdout, text),
        stderr: (text) => write(process.stderr, text),
        cwd: process.cwd(),
        env: process.env,
      }),
    )
).then(
  (code) => {
    exit(code);
    // The 'error' event of a last write can come after main returns: decide again then.
    process.once('beforeExit', () => exit(code));
    // Once the output is out, nothing is left to do: leave, rather than wait for the engine's
    // housekeeping (a garbage collection it has started holds the loop open ~10 ms). A failed
    // write is reported on the way out as usual.
    void Promise.all([drained(process.stdout), drained(process.stderr)]).then(() =>
      setImmediate(() => {
        if (outputLost === null) process.exit();
      }),
    );
  },
  (error: unknown) => {
    write(process.stderr, `bump-classifier: internal error: ${String(error)}\n`);
    process.exitCode = 3;
  },
);
