import { runCli } from './run-cli';

// The only place that touches the real process: everything below gets its streams and environment injected.
void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter: `process.stdin` opens the stream on first access, and most commands never read it.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  cwd: process.cwd(),
}).then((code) => {
  // exitCode rather than exit(): lets stdout drain when it is a pipe.
  process.exitCode = code;
});
