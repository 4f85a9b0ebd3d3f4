import SqliteDatabase from 'better-sqlite3';
import { connect } from './pg.js';

/**
 * The raw floor: a plain loop that writes, for every due packet clock, the rows a Baton
 * fire writes (the claim of the clock, the deal row's new version, the fired clock row,
 * one event, one outbox message) into the same tables, in transactions of the same number
 * of fires as Baton's firing transactions, each batch claimed with one statement first, as
 * Baton claims; with prepared statements and no reads beyond the claim. What it cannot
 * skip is what the database itself costs; Baton's fire rate over this one is the share
 * left after the engine's own work (loading, deciding, mapping, Kysely). The drain's
 * calibration checks that both write the same rows per fire, table by table.
 */
export interface RawSample {
  /** A message text Baton wrote, and the deal id in it (swapped per fire). */
  text: string;
  dealId: string;
}

export interface RawReport {
  fired: number;
  ms: number;
}

interface Due {
  deal_id: string;
  name: string;
  due_at: number;
}

function eventData(d: Due, now: number): string {
  return JSON.stringify({ name: d.name, dueAt: d.due_at, lateMs: now - d.due_at });
}

function messageText(sample: RawSample, id: string): string {
  return sample.text.split(sample.dealId).join(id);
}

/** On SQLite (in-process, no round trips): one prepared statement per row, the claim one per batch. */
export function rawSqlite(file: string, now: number, txSize: number, sample: RawSample, leaseMs: number): RawReport {
  const db = new SqliteDatabase(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  const claim = db.prepare(
    `update clocks set claimed_until = ? where (deal_id, name) in (
       select deal_id, name from clocks where state = 'pending' and due_at <= ? and (claimed_until is null or claimed_until <= ?)
       order by due_at, deal_id, name limit ?)
     returning deal_id, name, due_at`,
  );
  const deals = db.prepare('update deals set version = version + 1, updated_at = ? where id = ?');
  const clocks = db.prepare(`update clocks set state = 'overdue', missed_at = ?, claimed_until = null where deal_id = ? and name = ?`);
  const events = db.prepare(`insert into events (deal_id, at, actor, type, late_ms, data) values (?, ?, 'baton', 'clock.missed', ?, ?)`);
  const messages = db.prepare(
    `insert into messages (key, deal_id, kind, channel, recipient, text, payload, state, attempts, next_attempt_at, created_at)
     values (?, ?, 'packet-overdue', 'slack', 'cro', ?, ?, 'queued', 0, ?, ?) on conflict (key) do nothing`,
  );
  const fireAll = db.transaction((list: Due[]) => {
    for (const d of list) {
      deals.run(now, d.deal_id);
      clocks.run(now, d.deal_id, d.name);
      events.run(d.deal_id, now, now - d.due_at, eventData(d, now));
      messages.run(`${d.deal_id}/c1/packet-overdue`, d.deal_id, messageText(sample, d.deal_id), JSON.stringify({ dealId: d.deal_id }), now, now);
    }
  });
  const started = performance.now();
  let fired = 0;
  try {
    for (;;) {
      const rows = claim.all(now + leaseMs, now, now, txSize) as Due[];
      if (rows.length === 0) break;
      fireAll.immediate(rows);
      fired += rows.length;
    }
    return { fired, ms: performance.now() - started };
  } finally {
    db.close();
  }
}

/**
 * On PostgreSQL every statement is a round trip, so the floor writes each transaction's
 * fires with one multi-row statement per table (`unnest` arrays, prepared), as Baton's
 * batched fire does: a claim, then four statements per transaction, whatever its size.
 */
export async function rawPg(url: string, schema: string, now: number, txSize: number, sample: RawSample, leaseMs: number): Promise<RawReport> {
  const client = await connect(url, schema);
  const p = (name: string, text: string, values: unknown[]) => client.query({ name, text, values });
  const started = performance.now();
  let fired = 0;
  try {
    for (;;) {
      const { rows } = await p(
        'raw_claim',
        `update clocks set claimed_until = $1 where (deal_id, name) in (
           select deal_id, name from clocks where state = 'pending' and due_at <= $2 and (claimed_until is null or claimed_until <= $2)
           order by due_at, deal_id, name limit $3 for update skip locked)
         returning deal_id, name, due_at`,
        [now + leaseMs, now, txSize],
      );
      if (rows.length === 0) break;
      const list = rows as Due[];
      const ids = list.map((d) => d.deal_id);
      await client.query('begin');
      await p('raw_deals', 'update deals as d set version = d.version + 1, updated_at = $1 from unnest($2::text[]) as u(id) where d.id = u.id', [now, ids]);
      await p(
        'raw_clocks',
        `update clocks as c set state = 'overdue', missed_at = $1, claimed_until = null
         from unnest($2::text[], $3::text[]) as u(id, name) where c.deal_id = u.id and c.name = u.name`,
        [now, ids, list.map((d) => d.name)],
      );
      await p(
        'raw_events',
        `insert into events (deal_id, at, actor, type, late_ms, data)
         select id, $1, 'baton', 'clock.missed', late, data from unnest($2::text[], $3::int8[], $4::text[]) with ordinality as u(id, late, data, n) order by n`,
        [now, ids, list.map((d) => now - d.due_at), list.map((d) => eventData(d, now))],
      );
      await p(
        'raw_messages',
        `insert into messages (key, deal_id, kind, channel, recipient, text, payload, state, attempts, next_attempt_at, created_at)
         select k, id, 'packet-overdue', 'slack', 'cro', t, pl, 'queued', 0, $1, $1
         from unnest($2::text[], $3::text[], $4::text[], $5::text[]) with ordinality as u(k, id, t, pl, n) order by n
         on conflict (key) do nothing`,
        [now, ids.map((id) => `${id}/c1/packet-overdue`), ids, ids.map((id) => messageText(sample, id)), ids.map((id) => JSON.stringify({ dealId: id }))],
      );
      await client.query('commit');
      fired += list.length;
    }
    return { fired, ms: performance.now() - started };
  } finally {
    await client.end();
  }
}
