import { z } from 'zod';
import { ROLES } from '../domain/types.js';

/**
 * The JSON documents Baton answers with (`--json`, the API, MCP `structuredContent`), as zod
 * schemas: the MCP tools declare them as `outputSchema`, and `GET /openapi.json` describes
 * the API's answers with them. Objects are open (`passthrough`): a field added to a view
 * later is not a broken promise to a client that validates.
 *
 * @example
 *   HandoffJson.parse(statusJson(state)); // what `baton status --json` prints, one element
 */

const open = <S extends z.ZodRawShape>(shape: S) => z.object(shape).passthrough();

/** An instant, always ISO 8601 UTC in JSON (SPEC §13). */
export const Instant = z.string().describe('ISO 8601 time in UTC, e.g. 2026-11-26T09:30:00.000Z');
export const LocalDate = z.string().describe('an org-local calendar date, YYYY-MM-DD');
export const RoleName = z.enum(ROLES);

export const ClockJson = open({
  name: z.string().describe('packet, announcement, acknowledgement, ceo-escalation, sow-send, sow-signature or delivery'),
  state: z.string().describe('pending, done, overdue or cancelled'),
  dueAt: Instant.nullable(),
  doneAt: Instant.nullable(),
  lateMs: z.number().nullable().describe('how late it was done (or is, when overdue), in ms; null while pending'),
  urgency: z.string().describe('done, cancelled, held, overdue, due-soon or pending, at the time of the answer').optional(),
  soonAt: Instant.nullable().describe('from when the clock is due soon: its last reminder (SPEC §15)').optional(),
  held: z.boolean().optional(),
  heldAt: Instant.nullable().describe('since when the clock is held; null when it is not').optional(),
  heldMs: z.number().describe('time held in all, ms (working time for a working-time clock)').optional(),
  workingTime: z.boolean().describe('counts working time only (policy.calendarClocks)').optional(),
});

export const DeliveryItemJson = open({
  name: z.string(),
  customer: z.string(),
  windowStart: LocalDate,
  windowEnd: LocalDate,
  owner: z.string(),
  milestones: z.array(open({ name: z.string(), date: LocalDate })),
});

/** One element of `baton status --json` (SPEC §10, §13). */
export const HandoffJson = open({
  id: z.string().describe('the deal id'),
  company: z.string(),
  stage: z.string(),
  state: z.string().describe('no-handoff, awaiting-packet, awaiting-acknowledgement, acknowledged, in-delivery, delivered, on-hold or stopped'),
  sowStatus: z.string().nullable(),
  packetPath: z.string().nullable().describe('the packet file, relative to the workspace root'),
  packetRevision: z.number().int().nullable(),
  waitingOn: z.string().nullable().describe('the role that owns the open clock due soonest; null when no clock is open'),
  nextDueAt: Instant.nullable(),
  clocks: z.array(ClockJson),
  deliveryItem: DeliveryItemJson.optional(),
  policyVersion: z.string().nullable(),
  policy: open({
    version: z.string(),
    id: z.string().nullable().describe('the stored policy (hash of its content) the handoff follows'),
    configVersion: z.string().nullable(),
    differsFromConfig: z.boolean().describe('the config now differs from the policy this handoff keeps'),
  })
    .nullable()
    .optional(),
});

/** One element of `baton timeline <id> --json`. */
export const TimelineEventJson = open({
  at: Instant.nullable(),
  actor: z.string().describe('a role, or baton, monday, slack'),
  type: z.string().describe('e.g. deal.added, handoff.started, packet.filed, clock.missed'),
  lateMs: z.number().nullable(),
  data: z.unknown().describe('what the event recorded, times in ISO 8601 UTC'),
});

/** An event a command just recorded (the `events` of a change's answer). */
export const DomainEventJson = open({ type: z.string(), at: Instant, actor: z.string() });

/** One element of `baton messages --json`. */
export const MessageJson = open({
  id: z.number().int(),
  kind: z.string().describe('announcement, ack-request, packet-overdue, escalation-chief-staff, delivery-item, ...'),
  to: z.string().describe('the Slack channel, a role, or delivery-board'),
  text: z.string(),
  state: z.string().describe('queued, delivered or failed'),
  createdAt: Instant.nullable(),
  deliveredAt: Instant.nullable(),
  dealId: z.string(),
  key: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});

/** One element of `baton audit --json`. */
export const OrgEventJson = open({
  id: z.number().int(),
  at: Instant,
  actor: z.string(),
  type: z.string().describe('agent.heartbeat, agent.activated, summary.filed, board.synced, board.problem'),
  data: z.unknown(),
});

export const DeliveryReportJson = open({
  delivered: z.number().int(),
  retrying: z.number().int(),
  failed: z.number().int(),
});

export const SummaryJson = open({
  date: LocalDate,
  path: z.string().describe('where the summary is filed, relative to the workspace root'),
  text: z.string(),
});

export const PacketDraftJson = open({ id: z.string(), text: z.string().describe('the packet, every {...} a field to fill') });

export const HeartbeatJson = open({ role: RoleName, heartbeatAt: Instant });
export const ActivationJson = open({ role: RoleName, activatedAt: Instant, activatedBy: z.string() });
export const RetryJson = open({ id: z.number().int(), requeued: z.literal(true) });

/** A refusal, as every door reports it: each problem names the field to mend and how. */
export const ProblemJson = open({
  code: z.string(),
  field: z.string(),
  message: z.string(),
  fix: z.string(),
  roles: z.array(z.string()).optional(),
  next: open({ command: z.string(), id: z.string().optional() }).optional(),
});

/** One item of `baton inbox --json` (SPEC §15): what a role owes, with the command that does it. */
export const InboxItemJson = open({
  role: RoleName,
  id: z.string().nullable().describe('the deal id of the handoff; null for what is owed to the org (the daily summary)'),
  company: z.string().nullable(),
  clock: z.string().nullable().describe('the clock it closes or serves; null when none runs for it'),
  what: z.string().describe('what to do, in words'),
  dueAt: Instant,
  urgency: z.enum(['overdue', 'due-soon', 'pending', 'held']),
  lateMs: z.number().nullable().describe('how far past due, when overdue'),
  command: z.string().describe('the exact command line to run'),
  tool: open({ name: z.string().describe('the MCP tool'), arguments: z.record(z.string(), z.string()) }),
});

/** `baton inbox --json`, `GET /api/inbox`: the role and its items, most urgent first. */
export const InboxJson = open({ role: RoleName, items: z.array(InboxItemJson) });

const ReportRowJson = {
  started: z.number().int(),
  done: z.number().int(),
  doneOnTime: z.number().int(),
  doneLate: z.number().int(),
  open: z.number().int(),
  openPastDue: z.number().int(),
  cancelled: z.number().int(),
  onTimeRate: z.number().nullable().describe('done on time over done plus open past due, 0..1; null when nothing is decided'),
  p50Ms: z.number().nullable().describe('median time from start to done, held time taken off'),
  p90Ms: z.number().nullable(),
  holds: z.number().int().describe('holds placed in the period'),
  heldMs: z.number().describe('time held by the holds resumed in the period, counted apart'),
};

/** `baton report --json`, `GET /api/report` (SPEC §15). */
export const ReportJson = open({
  from: LocalDate,
  to: LocalDate,
  timezone: z.string(),
  computedAt: Instant,
  clocks: z.array(open({ clock: z.string(), owner: RoleName, ...ReportRowJson })),
  roles: z.array(open({ role: RoleName, ...ReportRowJson })),
});
