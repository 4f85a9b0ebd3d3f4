import { z } from 'zod';
import type { Acting } from '../app/index.js';
import { invalid } from '../domain/problem.js';
import { CLOCK_NAMES, ROLES, type Role } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import type { CommandResult } from '../engine/execute.js';
import { jsonTimes } from '../views/json-times.js';
import { InboxJson, LocalDate, ReportJson } from '../views/schemas.js';
import { CHANGE_OUTPUT, change, dealId } from './change.js';
import { defineTool, type AnyTool } from './tool.js';

/**
 * The SLA tools of SPEC §15 (clock holds, the inbox, reports), written against the use cases
 * of `src/app/` (`holds.ts`, `inbox.ts`, `report.ts`). They take those functions as
 * arguments: `holdTools` is registered in `server.ts` with `holdClock`/`resumeClock`;
 * `inboxReportTools` is registered once `inbox.ts` and `report.ts` exist (see the TODO there).
 */

/** The signatures of the SLA use cases, as agreed for `src/app/holds.ts`, `inbox.ts` and `report.ts`. */
export interface SlaUseCases {
  holdClock(engine: Engine, id: string, clock: string, reason: string, acting: Acting): Promise<CommandResult>;
  resumeClock(engine: Engine, id: string, clock: string, acting: Acting): Promise<CommandResult>;
  inbox(engine: Engine, role: Role, now: number): Promise<readonly object[]>;
  /** `from` and `to` as given (`baton report --from --to`): the use case reads them; `now` judges what is open. */
  report(engine: Engine, range: { from?: string; to?: string; now: number }): Promise<object>;
}

const clock = z.enum(CLOCK_NAMES).describe(`The clock: ${CLOCK_NAMES.join(', ')}.`);

/** `clock_hold` and `clock_resume` (src/app/holds.ts). */
export function holdTools(use: Pick<SlaUseCases, 'holdClock' | 'resumeClock'>): AnyTool[] {
  const clockHold = defineTool({
    name: 'clock_hold',
    title: 'Hold a clock',
    description:
      'Pause one clock of a handoff (chief.staff or the ceo), with the reason, e.g. the customer asked to wait: it does not fall due while held. ' +
      'clock_resume moves its due time by the time held; both are in the timeline and reports count held time apart. Returns {changed, events, status, delivery}.',
    input: { id: dealId, clock, reason: z.string().min(1).describe('Why the clock is held, for the timeline.') },
    output: CHANGE_OUTPUT,
    readOnly: false,
    idempotent: true,
    destructive: false,
    openWorld: false,
    handle: ({ id, clock: name, reason }, ctx) => change(ctx, (engine, acting) => use.holdClock(engine, id, name, reason, acting)),
  });

  const clockResume = defineTool({
    name: 'clock_resume',
    title: 'Resume a held clock',
    description: 'Resume a held clock (chief.staff or the ceo): its due time moves later by the time it was held. Returns {changed, events, status, delivery}.',
    input: { id: dealId, clock },
    output: CHANGE_OUTPUT,
    readOnly: false,
    idempotent: true,
    destructive: false,
    openWorld: false,
    handle: ({ id, clock: name }, ctx) => change(ctx, (engine, acting) => use.resumeClock(engine, id, name, acting)),
  });
  return [clockHold, clockResume];
}

/** `inbox` and `report` (src/app/inbox.ts, src/app/report.ts). */
export function inboxReportTools(use: Pick<SlaUseCases, 'inbox' | 'report'>): AnyTool[] {
  const inbox = defineTool({
    name: 'inbox',
    title: 'What this role owes',
    description:
      'Every open obligation of a role across handoffs, most urgent first: the handoff, what to do, when it is due, and the tool to call. Call it first in every session, then agent_heartbeat. ' +
      'Default the acting role. Returns {role, items}, as `baton inbox --json` does.',
    input: { role: z.enum(ROLES).optional().describe('The role; default the acting role (required for a viewer).') },
    output: InboxJson.shape,
    readOnly: true,
    idempotent: true,
    destructive: false,
    openWorld: false,
    handle: ({ role }, ctx) => {
      const who = role ?? ctx.role();
      if (!who) throw invalid('role', 'no role is acting here', `name the role whose inbox to read: one of ${ROLES.join(', ')}`);
      return ctx.engine(async (engine) => {
        const items = jsonTimes(await use.inbox(engine, who, ctx.now()));
        return { json: { role: who, items }, structured: { role: who, items } };
      });
    },
  });

  const report = defineTool({
    name: 'report',
    title: 'SLA report',
    description:
      'Per clock and per role: counts, on-time rate, p50/p90 time to done, and what is open past due, over a period of org-local days (default: the last 30 days). ' +
      "Returns {from, to, report}, the numbers of `baton report --json` and the dashboard's health page.",
    input: {
      from: LocalDate.optional().describe('The first org-local day counted, YYYY-MM-DD.'),
      to: LocalDate.optional().describe('The last org-local day counted, YYYY-MM-DD.'),
    },
    output: { from: z.string().nullable(), to: z.string().nullable(), report: ReportJson },
    readOnly: true,
    idempotent: true,
    destructive: false,
    openWorld: false,
    handle: ({ from, to }, ctx) => {
      const range = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), now: ctx.now() };
      return ctx.engine(async (engine) => {
        const numbers = jsonTimes(await use.report(engine, range));
        return { json: numbers, structured: { from: from ?? null, to: to ?? null, report: numbers } };
      });
    },
  });

  return [inbox, report];
}
