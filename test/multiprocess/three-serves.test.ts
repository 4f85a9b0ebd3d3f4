import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { pgUnreachable, pgTestUrl } from '../support/pg.js';
import { firedPerServe, LEASE_MS, openCluster, percentile, stopServe, waitFor, type Cluster } from './cluster.js';

/**
 * Three `baton serve` processes (the built CLI) on one PostgreSQL store, thousands of
 * handoffs whose clocks fall due within seconds of the real time: every clock fires once,
 * every message reaches (a fake) Slack once, nothing stays claimed, even when one of the
 * three is killed with SIGKILL in the middle of the run. The seeding happens in the test
 * process, so the serves learn of the new clocks only through LISTEN/NOTIFY (or their poll).
 */

const DEALS = 2000;
/** Fewer for the SIGKILL run, which also waits out the killed process's leases. */
const DEALS_KILLED = 1000;
/** Per deal: the packet and announcement clocks are both missed; the packet miss owes cro a DM. */
const clocksOf = (deals: number) => deals * 2;

const unreachable = await pgUnreachable();
if (unreachable && !process.env.CI) console.warn(`PostgreSQL at ${pgTestUrl} is unreachable (${unreachable}); skipping the multi-process tests.`);

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

function keyOf(post: { metadata?: { event_payload: Record<string, unknown> } }): string {
  return String(post.metadata?.event_payload.key ?? '');
}

function logs(c: Cluster): string {
  return c.serves.map((s, i) => `--- serve ${i}\n${s.log.join('').slice(-1500)}`).join('\n');
}

/** Waits until every clock has fired and every message is delivered, then checks "exactly once". */
async function expectEverythingOnce(c: Cluster, deals: number): Promise<number[]> {
  const CLOCKS = clocksOf(deals);
  const MESSAGES = deals;
  const posted = () => new Set(c.slack.posts().map(keyOf)).size;
  await waitFor(
    async () =>
      (await c.count(`select count(*) as n from events where type = 'clock.missed'`)) >= CLOCKS &&
      posted() >= MESSAGES &&
      (await c.count(`select count(*) as n from messages where state = 'delivered'`)) >= MESSAGES,
    'every clock to fire and every message to be delivered',
    90_000,
    () => logs(c),
  );

  const missed = await sql<{ deal_id: string; data: string; late_ms: number | string }>`select deal_id, data, late_ms from events where type = 'clock.missed'`.execute(
    c.engine.store.db,
  );
  const perClock = new Map<string, number>();
  for (const row of missed.rows) {
    const key = `${row.deal_id}/${(JSON.parse(row.data) as { name: string }).name}`;
    perClock.set(key, (perClock.get(key) ?? 0) + 1);
  }
  expect(perClock.size, 'distinct clocks that fired').toBe(CLOCKS);
  expect(
    [...perClock].filter(([, n]) => n > 1),
    'clocks that fired twice',
  ).toEqual([]);
  expect(await c.count(`select count(*) as n from clocks where name in ('packet', 'announcement') and state <> 'overdue'`)).toBe(0);

  const perKey = new Map<string, number>();
  for (const post of c.slack.posts()) perKey.set(keyOf(post), (perKey.get(keyOf(post)) ?? 0) + 1);
  expect(perKey.size, 'distinct message keys posted').toBe(MESSAGES);
  expect(
    [...perKey].filter(([, n]) => n > 1),
    'messages posted twice',
  ).toEqual([]);
  expect(await c.count(`select count(*) as n from messages`)).toBe(MESSAGES);
  expect(await c.count(`select count(*) as n from messages where state <> 'delivered'`)).toBe(0);

  return missed.rows.map((r) => Number(r.late_ms)).sort((a, b) => a - b);
}

async function expectNothingClaimed(c: Cluster): Promise<void> {
  expect(await c.count(`select count(*) as n from clocks where claimed_until is not null`), 'clocks still claimed').toBe(0);
  expect(await c.count(`select count(*) as n from messages where claimed_until is not null`), 'messages still claimed').toBe(0);
}

function lateness(label: string, late: readonly number[]): string {
  return `${label}: ${late.length} clocks, lateness (fired at - due at) p50 ${percentile(late, 50)} ms, p90 ${percentile(late, 90)} ms, p99 ${percentile(late, 99)} ms, max ${late[late.length - 1]} ms`;
}

describe.skipIf(unreachable !== undefined && !process.env.CI)('three baton serve processes on one PostgreSQL store', () => {
  it(`fires each of ${clocksOf(DEALS)} clocks once and delivers each of ${DEALS} messages once; nothing stays claimed`, async () => {
    const c = (cluster = await openCluster());
    await c.start(3);
    const seeding = Date.now();
    await c.seed(DEALS);
    const seeded = Date.now() - seeding;
    const late = await expectEverythingOnce(c, DEALS);
    const finished = Date.now() - seeding;
    await expectNothingClaimed(c);

    const codes = await Promise.all(c.serves.map(stopServe));
    expect(codes, logs(c)).toEqual([0, 0, 0]);
    await expectNothingClaimed(c);
    const split = firedPerServe(c.serves);
    expect(split.reduce((a, b) => a + b, 0)).toBe(clocksOf(DEALS));
    console.log(
      `${lateness('3 serves', late)}; fired per serve ${split.join('/')}; seeded ${DEALS} handoffs in ${seeded} ms, all fired and delivered ${finished} ms after seeding began`,
    );
  }, 150_000);

  it(`still fires each of ${clocksOf(DEALS_KILLED)} clocks once and delivers each message once when one serve is killed with SIGKILL mid-batch`, async () => {
    const c = (cluster = await openCluster());
    // The victim holds its claims a second longer than the others: a claim ending more than
    // LEASE_MS from now can only be its own, so it can be killed while it holds some.
    const victimLease = LEASE_MS + 1000;
    const [victim] = await c.start(1, { leaseMs: victimLease });
    await c.start(2);
    let held: { clocks: number; messages: number } | undefined;
    let seeded = false;
    const killer = (async () => {
      await waitFor(
        async () => (await c.count(`select count(*) as n from events where type = 'clock.missed'`)) >= clocksOf(DEALS_KILLED) / 4,
        'a quarter of the clocks to fire',
        90_000,
        () => logs(c),
      );
      await waitFor(
        async () => {
          const mark = Date.now() + LEASE_MS + 100;
          const clocks = await c.count(`select count(*) as n from clocks where claimed_until > ${mark}`);
          const messages = await c.count(`select count(*) as n from messages where claimed_until > ${mark}`);
          // Best: in the middle of firing a batch of clocks; while seeding goes on, wait for that.
          if (clocks === 0 && (messages === 0 || !seeded)) return false;
          victim!.child.kill('SIGKILL');
          held = { clocks, messages };
          return true;
        },
        'the victim to hold claims on clocks (or on messages, once seeding is over)',
        90_000,
        () => logs(c),
      );
      await victim!.exited;
    })();
    await c.seed(DEALS_KILLED);
    seeded = true;
    await killer;
    const late = await expectEverythingOnce(c, DEALS_KILLED);
    await expectNothingClaimed(c);

    const codes = await Promise.all(c.serves.slice(1).map(stopServe));
    expect(codes, logs(c)).toEqual([0, 0]);
    await expectNothingClaimed(c);
    const lookups = c.slack.calls.filter((call) => call.method === 'conversations.history').length;
    console.log(
      `${lateness('3 serves, 1 killed', late)}; killed holding ${held?.clocks} clock and ${held?.messages} message claims; ` +
        `fired per surviving serve ${firedPerServe(c.serves.slice(1)).join('/')}; ${lookups} history look-ups`,
    );
  }, 150_000);
});
