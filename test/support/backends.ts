import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema, freshSchemaName, pgTestUrl, pgUnreachable } from './pg.js';

/** Where a test file's store lives, and how to remove it afterwards. */
export interface BackendTarget {
  location: string;
  pgSchema?: string;
  teardown(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty place for one test file: a temp SQLite file or a new PG schema. */
  setup(): Promise<BackendTarget>;
}

const sqlite: Backend = {
  name: 'sqlite',
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), 'baton-store-'));
    return {
      location: join(dir, 'nested', 'baton.db'),
      async teardown() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Backend = {
  name: 'postgres',
  async setup() {
    const schema = freshSchemaName();
    return {
      location: pgTestUrl,
      pgSchema: schema,
      teardown: () => dropSchema(schema),
    };
  },
};

/**
 * Every backend the store suites run against. PostgreSQL is skipped with a warning when it
 * does not answer, unless CI is set: then it stays in the list and its suite fails.
 */
async function available(): Promise<Backend[]> {
  const problem = await pgUnreachable();
  if (problem === undefined || process.env.CI) return [sqlite, postgres];
  console.warn(
    `PostgreSQL at ${pgTestUrl} is unreachable (${problem}); skipping the PostgreSQL store tests. ` +
      'Start PostgreSQL or point BATON_TEST_PG_URL at one (e.g. postgres://postgres@127.0.0.1:5432/test) to run them; ' +
      'with CI set, an unreachable PostgreSQL fails the run.',
  );
  return [sqlite];
}

export const backends: Backend[] = await available();
