/**
 * Module loader hooks for `node --import .../count-modules.js`: every module loaded by the
 * process is written to stderr as `bench-loaded <url>`, so the CLI section can say what a
 * command loads before it does anything.
 */
export async function load(url: string, context: unknown, next: (url: string, context: unknown) => Promise<unknown>): Promise<unknown> {
  const result = await next(url, context);
  if (!url.startsWith('node:')) process.stderr.write(`bench-loaded ${url}\n`);
  return result;
}
