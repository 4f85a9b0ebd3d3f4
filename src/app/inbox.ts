import { liveness } from '../domain/agents.js';
import { byUrgency, clocksServed, obligationsOf, type Obligation } from '../domain/obligations.js';
import { dayBounds, localDate } from '../domain/time.js';
import type { Role } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import { getAgent, openHandoffs, summariesFiledSince } from '../store/index.js';

export type InboxItem = Obligation;

/**
 * SPEC §15: every open obligation of `role` across handoffs, most urgent first (overdue by
 * how late, then by due time, held ones last), each with the command that does it. The one
 * read behind `baton inbox`, `GET /api/inbox`, the MCP tool `inbox` and `/inbox/<role>`.
 * Only the handoffs with an open clock the role may owe a step for are loaded. For chief.staff, today's CEO Daily Summary
 * while it is not filed (unless `summary.at` has `serve` file it).
 *
 * @example
 *   const items = await inbox(engine, 'customer.success', Date.now());
 *   // [{ id: 'acme', clock: 'acknowledgement', urgency: 'overdue', command: 'baton ack acme --as customer.success', ... }]
 */
export async function inbox(engine: Engine, role: Role, now: number): Promise<InboxItem[]> {
  const { policy, org } = engine.config;
  const db = engine.store.db;
  const customerSuccessLive = liveness(await getAgent(db, 'customer.success'), now, policy, org.timezone).live;
  const states = await openHandoffs(db, clocksServed(role));
  const items = states.flatMap((s) => obligationsOf(s, role, { now, customerSuccessLive }));
  if (role === 'chief.staff' && engine.config.summary.at === undefined) {
    const today = localDate(now, org.timezone);
    const { start, end } = dayBounds(today, org.timezone);
    if (!(await summariesFiledSince(db, start)).includes(today)) {
      items.push({
        role,
        id: null,
        company: null,
        clock: null,
        what: `File today's CEO Daily Summary (${today})`,
        dueAt: end,
        urgency: 'pending',
        lateMs: null,
        command: 'baton summary --as chief.staff',
        tool: { name: 'summary', arguments: {} },
      });
    }
  }
  return items.sort(byUrgency);
}
