import { DURATION, POLICY_V1, type Policy } from '../domain/policy.js';
import { CLOCK_NAMES, type ClockName } from '../domain/types.js';
import { z } from 'zod';
import { count, positive, section, text } from './zod.js';

/**
 * The `policy:` block: every key optional, in the units people think in (hours, days,
 * minutes), merged over policy v1.0 into the milliseconds the domain works in.
 */

/** A reminder's lead time: a number and a unit, minutes, hours or days. */
const REMINDER = /^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d)\s*$/;

/** `30m` → 1 800 000 ms. */
export function reminderMs(text: string): number {
  const m = REMINDER.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  const unit = m[2] === 'd' ? DURATION.DAY : m[2] === 'h' ? DURATION.HOUR : DURATION.MINUTE;
  return Math.round(Number(m[1]) * unit);
}

const clocks = z
  .object({
    packetHours: positive.optional(),
    announcementHours: positive.optional(),
    acknowledgementHours: positive.optional(),
    escalationGraceHours: positive.optional(),
    sowSendHours: positive.optional(),
    sowSignatureHours: positive.optional(),
    deliveryDays: positive.optional(),
  })
  .strict();

export const policySchema = z
  .object({
    version: text.optional(),
    price: positive.optional(),
    clocks: section(clocks.default({})),
    deliveryWindowDays: count.optional(),
    milestones: z
      .array(z.object({ name: text, days: z.number().int().nonnegative() }).strict())
      .min(1)
      .optional(),
    heartbeatMinutes: positive.optional(),
    activationHours: positive.optional(),
    maxAttempts: count.optional(),
    deliveryLeaseSeconds: positive.optional(),
    /** SPEC §15: per clock, how long before due its owner is reminded (`30m`, `4h`, `1d`); `[]` for none. */
    reminders: z.record(z.enum(CLOCK_NAMES), z.array(z.string().regex(REMINDER, 'a duration such as 30m, 4h or 1d'))).optional(),
    /** SPEC §15: the clocks that count working time only (`org.calendar`). */
    calendarClocks: z.array(z.enum(CLOCK_NAMES)).optional(),
  })
  .strict();

type PolicyInput = z.output<typeof policySchema>;

export function mergePolicy(p: PolicyInput): Policy {
  const { HOUR, DAY, MINUTE } = DURATION;
  const base = POLICY_V1;
  const c = p.clocks;
  const ms = (value: number | undefined, unit: number, fallback: number) => (value === undefined ? fallback : Math.round(value * unit));
  return {
    version: p.version ?? base.version,
    price: p.price ?? base.price,
    due: {
      packet: ms(c.packetHours, HOUR, base.due.packet),
      announcement: ms(c.announcementHours, HOUR, base.due.announcement),
      acknowledgement: ms(c.acknowledgementHours, HOUR, base.due.acknowledgement),
      'ceo-escalation': ms(c.escalationGraceHours, HOUR, base.due['ceo-escalation']),
      'sow-send': ms(c.sowSendHours, HOUR, base.due['sow-send']),
      'sow-signature': ms(c.sowSignatureHours, HOUR, base.due['sow-signature']),
      delivery: ms(c.deliveryDays, DAY, base.due.delivery),
    },
    deliveryWindowDays: p.deliveryWindowDays ?? base.deliveryWindowDays,
    milestones: (p.milestones ?? base.milestones).map((m) => ({ name: m.name, days: m.days })),
    heartbeatWindowMs: ms(p.heartbeatMinutes, MINUTE, base.heartbeatWindowMs),
    activationWindowMs: ms(p.activationHours, HOUR, base.activationWindowMs),
    delivery: {
      ...base.delivery,
      maxAttempts: p.maxAttempts ?? base.delivery.maxAttempts,
      leaseMs: ms(p.deliveryLeaseSeconds, 1000, base.delivery.leaseMs),
    },
    reminders: p.reminders ? remindersOf(p.reminders) : { ...base.reminders },
    calendarClocks: [...(p.calendarClocks ?? base.calendarClocks)],
  };
}

/** `policy.reminders` replaces the default for the clocks it names; the others keep theirs. */
function remindersOf(given: Partial<Record<ClockName, string[]>>): Policy['reminders'] {
  const out: Policy['reminders'] = {};
  for (const name of CLOCK_NAMES) {
    const list = name in given ? given[name] : undefined;
    const ms = list ? list.map(reminderMs) : POLICY_V1.reminders[name];
    if (ms && ms.length > 0) out[name] = [...ms].sort((a, b) => b - a);
  }
  return out;
}
