// Bundles the command line into a few files after tsc has checked and compiled it: Node
// resolves and loads ~400 modules for one `baton status` otherwise, which doubles its start.
// Native and optional-driver packages stay external; lazily imported parts (serve, the Slack
// and monday.com clients, MCP) become chunks loaded only by the commands that need them.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['better-sqlite3', 'pg', 'pg-native', '@mondaydotcomorg/api', '@slack/web-api'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __batonRequire } from 'node:module'; const require = __batonRequire(import.meta.url);" },
});
