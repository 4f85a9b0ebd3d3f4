import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitUnknownError, describeStoreError, inTransaction, isConnectionLost, isRetryable, openStore, type Store } from '../../src/store/index.js';
import { dropSchema, freshSchemaName, pgTestUrl, pgUnreachable } from '../support/pg.js';

/**
 * A lost PostgreSQL connection: how it is recognised (`isConnectionLost`), and what
 * `inTransaction` does with it: run the transaction again when the connection died before
 * COMMIT was sent (nothing was committed), never when it died during COMMIT (ambiguous).
 */

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionLost', () => {
  it('knows the SQLSTATEs, socket codes and pg messages of a lost connection', () => {
    for (const code of ['57P01', '57P02', '57P03', '08000', '08003', '08006', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE']) {
      expect(isConnectionLost(withCode(code)), code).toBe(true);
    }
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated',
      'Connection terminated due to connection timeout',
      'Client has encountered a connection error and is not queryable',
      'timeout exceeded when trying to connect',
    ]) {
      expect(isConnectionLost(new Error(message)), message).toBe(true);
    }
  });

  it('looks through a cause and an AggregateError (a refused dual-stack connect)', () => {
    expect(isConnectionLost(new Error('fire failed', { cause: withCode('57P01') }))).toBe(true);
    expect(isConnectionLost(new AggregateError([withCode('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')], ''))).toBe(true);
    expect(describeStoreError(new AggregateError([withCode('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')], ''))).toBe('connect ECONNREFUSED ::1:5432');
    expect(isConnectionLost(new CommitUnknownError(new Error('Connection terminated unexpectedly')))).toBe(true);
  });

  it('is not fooled by data errors, conflicts or anything else', () => {
    for (const error of [withCode('23505'), withCode('40001'), withCode('SQLITE_BUSY'), withCode('42P01'), new Error('boom'), 'text', undefined, null, 42]) {
      expect(isConnectionLost(error), String(error)).toBe(false);
    }
    // Retries of a conflict and of a lost connection are told apart.
    expect(isRetryable(withCode('57P01'))).toBe(false);
    expect(describeStoreError(withCode('57P01', 'terminating connection due to administrator command'))).toBe('57P01 terminating connection due to administrator command');
  });
});

const unreachable = await pgUnreachable();

describe.skipIf(unreachable !== undefined && !process.env.CI)('inTransaction on PostgreSQL when the connection dies', () => {
  const schema = freshSchemaName();
  let store: Store;
  let admin: pg.Client;

  beforeAll(async () => {
    store = await openStore(pgTestUrl, { pgSchema: schema });
    admin = new pg.Client({ connectionString: pgTestUrl });
    await admin.connect();
    await sql`create table ${sql.id(schema, 'probe')} (n int not null)`.execute(store.db);
  });

  afterAll(async () => {
    await admin?.end();
    await store?.close();
    await dropSchema(schema);
  });

  const terminate = async (pid: number) => {
    await admin.query('select pg_terminate_backend($1)', [pid]);
    // Wait for the backend to be gone, so that the client has surely heard of it.
    await expect.poll(async () => (await admin.query('select count(*)::int as n from pg_stat_activity where pid = $1', [pid])).rows[0].n, { interval: 10 }).toBe(0);
  };

  it('runs the transaction again on a new connection when its backend is terminated before COMMIT; the process survives the idle client error', async () => {
    await sql`truncate ${sql.id(schema, 'probe')}`.execute(store.db);
    let runs = 0;
    const pids: number[] = [];
    const result = await inTransaction(store, async (tx) => {
      runs++;
      await sql`insert into ${sql.id(schema, 'probe')} values (${runs})`.execute(tx);
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
      pids.push(rows[0]!.pid);
      // Between two queries, with the client checked out of the pool: without an 'error'
      // listener on it, this termination would crash the process.
      if (runs === 1) await terminate(rows[0]!.pid);
      await sql`select 1`.execute(tx);
      return 'done';
    });
    expect(result).toBe('done');
    expect(runs).toBe(2);
    expect(pids[1]).not.toBe(pids[0]);
    const { rows } = await sql<{ n: number }>`select n from ${sql.id(schema, 'probe')}`.execute(store.db);
    expect(rows).toEqual([{ n: 2 }]);
  });

  it('does not run it again when the connection is lost during COMMIT: CommitUnknownError, and fn ran once', async () => {
    await sql`truncate ${sql.id(schema, 'probe')}`.execute(store.db);
    // A deferred constraint trigger runs inside COMMIT: it terminates its own backend there.
    await sql
      .raw(
        `create or replace function ${schema}.die_at_commit() returns trigger language plpgsql as $$ begin perform pg_terminate_backend(pg_backend_pid()); perform pg_sleep(1); return null; end $$;
         create constraint trigger die_at_commit after insert on ${schema}.probe deferrable initially deferred for each row when (new.n = 99) execute function ${schema}.die_at_commit();`,
      )
      .execute(store.db);
    let runs = 0;
    const attempt = inTransaction(store, async (tx) => {
      runs++;
      await sql`insert into ${sql.id(schema, 'probe')} values (99)`.execute(tx);
    });
    await expect(attempt).rejects.toBeInstanceOf(CommitUnknownError);
    expect(runs).toBe(1);
    // The store goes on with a new connection.
    await inTransaction(store, (tx) => sql`insert into ${sql.id(schema, 'probe')} values (1)`.execute(tx));
    const { rows } = await sql<{ n: number }>`select n from ${sql.id(schema, 'probe')} where n = 1`.execute(store.db);
    expect(rows).toHaveLength(1);
  });

  it('gives up after three retries that all lost their connection, with the lost-connection error', async () => {
    let runs = 0;
    const attempt = inTransaction(store, async (tx) => {
      runs++;
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
      await terminate(rows[0]!.pid);
      await sql`select 1`.execute(tx);
    });
    await expect(attempt).rejects.toSatisfy(isConnectionLost);
    expect(runs).toBe(4);
  });
});
