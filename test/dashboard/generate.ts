import { inTransaction, type Store } from '../../src/store/index.js';

/**
 * Handoffs written straight into the store, in one transaction, many rows per statement: a
 * hundred thousand take seconds, where commands would take minutes. Deal `i` (id
 * `gen-000042`) is created at `now - (count - i) s`, so the newest is the last one, and is:
 *
 * - `i % 4 == 0`: awaiting acknowledgement (packet done on time, acknowledgement pending);
 * - otherwise awaiting the packet, its clock pending, or overdue when `i % 10 == 1`;
 * - `i % 5 == 2`: verbal, with an open `sow-signature` clock (awaiting SOW).
 *
 * Counts for `count` a multiple of 20: overdue `count / 10`, awaiting acknowledgement
 * `count / 4`, awaiting SOW `count / 5`.
 */
export const genId = (i: number) => `gen-${String(i).padStart(6, '0')}`;

const HOUR = 3_600_000;

export async function insertHandoffs(store: Store, opts: { count: number; now: number; batch?: number }): Promise<void> {
  const { count, now } = opts;
  const batch = opts.batch ?? 500;
  await inTransaction(store, async (tx) => {
    for (let from = 0; from < count; from += batch) {
      const deals = [];
      const handoffs = [];
      const clocks = [];
      for (let i = from; i < Math.min(count, from + batch); i++) {
        const id = genId(i);
        const created = now - (count - i) * 1000;
        const t0 = created;
        const verbal = i % 5 === 2;
        const company = `Generated Company ${i}`;
        const deal = {
          id,
          company,
          contact: { name: 'Ana Ruiz', title: 'VP', email: 'ana@example.com' },
          stage: 'closed-won',
          owner: 'cro',
          notes: [],
          commitment: verbal ? { type: 'verbal', loggedAt: t0, sowExpected: '2026-12-31' } : { type: 'written', loggedAt: t0 },
          ...(verbal ? {} : { sowSignedAt: t0 }),
        };
        const awaitingAck = i % 4 === 0;
        const state = awaitingAck ? 'awaiting-acknowledgement' : 'awaiting-packet';
        const packetPath = `operations/handoffs/assessment-generated-company-${i}-2026-11-26.md`;
        deals.push({ id, company, stage: 'closed-won', data: JSON.stringify(deal), version: 1, created_at: created, updated_at: created });
        handoffs.push({
          deal_id: id,
          state,
          cycle: 1,
          t0,
          packet_path: packetPath,
          data: JSON.stringify({ cycle: 1, t0, closeDate: '2026-11-26', policyVersion: '1.0', state, packetPath }),
          updated_at: created,
        });
        if (awaitingAck) {
          clocks.push({ deal_id: id, name: 'packet', state: 'done', started_at: now - 3 * HOUR, due_at: now - HOUR, done_at: now - 2 * HOUR, missed_at: null });
          clocks.push({ deal_id: id, name: 'acknowledgement', state: 'pending', started_at: now - 2 * HOUR, due_at: now + 22 * HOUR, done_at: null, missed_at: null });
        } else if (i % 10 === 1) {
          clocks.push({ deal_id: id, name: 'packet', state: 'overdue', started_at: now - 3 * HOUR, due_at: now - HOUR, done_at: null, missed_at: now - HOUR });
        } else {
          clocks.push({ deal_id: id, name: 'packet', state: 'pending', started_at: now - HOUR, due_at: now + HOUR, done_at: null, missed_at: null });
        }
        if (verbal) clocks.push({ deal_id: id, name: 'sow-signature', state: 'pending', started_at: now - HOUR, due_at: now + 47 * HOUR, done_at: null, missed_at: null });
      }
      await tx.insertInto('deals').values(deals).execute();
      await tx.insertInto('handoffs').values(handoffs).execute();
      await tx.insertInto('clocks').values(clocks).execute();
    }
  });
}
