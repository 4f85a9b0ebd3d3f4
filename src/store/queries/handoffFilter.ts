import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * The dashboard's filters over handoffs, as SQL conditions on the `handoffs` table: each is
 * an index lookup or a scan of `handoffs` alone, never a load of every deal.
 *
 * - `overdue`: a clock marked overdue, or pending past its due time (a miss the scheduler has
 *   not fired yet reads as overdue, as `baton status` shows it), along clocks_state_due_at_idx;
 * - `awaiting-acknowledgement`: the handoff's state;
 * - `awaiting-sow`: an open `sow-signature` clock (a verbal commitment not yet signed).
 */
export const HANDOFF_FILTERS = ['all', 'overdue', 'awaiting-acknowledgement', 'awaiting-sow'] as const;
export type HandoffFilter = (typeof HANDOFF_FILTERS)[number];

/** The condition for `filter` at `now`, or undefined for every handoff. */
export function handoffFilterCondition(filter: HandoffFilter, now: number): RawBuilder<SqlBool> | undefined {
  switch (filter) {
    case 'all':
      return undefined;
    case 'overdue':
      return sql<SqlBool>`handoffs.deal_id in (select deal_id from clocks where state = 'overdue' or (state = 'pending' and due_at <= ${now}))`;
    case 'awaiting-acknowledgement':
      return sql<SqlBool>`handoffs.state = 'awaiting-acknowledgement'`;
    case 'awaiting-sow':
      return sql<SqlBool>`handoffs.deal_id in (select deal_id from clocks where name = 'sow-signature' and state in ('pending', 'overdue'))`;
  }
}
