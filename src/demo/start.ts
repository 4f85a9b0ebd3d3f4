import { ConfigError } from '../config/config.js';
import { launch } from './launch.js';

/**
 * `npm start` (node dist/demo/start.js [--port N] [--host H]): see `launch.ts`. Runs
 * until SIGINT or SIGTERM, then lets the tick in flight finish and closes the store.
 */
try {
  const launched = await launch({
    cwd: process.cwd(),
    env: process.env,
    argv: process.argv.slice(2),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    wallClock: () => Date.now(),
  });
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`npm start: ${signal}: stopping; the tick in flight finishes, what is not sent stays queued\n`);
    launched.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
