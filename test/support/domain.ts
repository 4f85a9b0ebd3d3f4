/**
 * A pure harness for domain tests: it runs commands through `decide`, folds the events with
 * `evolveAll` and collects what `effectsOf` owes, exactly as the engine does, but with no
 * store and no I/O. A `World` holds one deal and everything it has produced so far.
 */
import type { AgentLiveness, Command, DecideContext, Decision } from '../../src/domain/commands.js';
import { decide } from '../../src/domain/decide.js';
import { effectsOf, type OwedFile, type OwedMessage } from '../../src/domain/effects.js';
import type { DomainEvent, EventType } from '../../src/domain/events.js';
import { evolveAll } from '../../src/domain/evolve.js';
import { draftPacket } from '../../src/domain/packet/draft.js';
import { LABEL } from '../../src/domain/packet/template.js';
import type { WorkCalendar } from '../../src/domain/calendar/index.js';
import { POLICY_V1, type Policy } from '../../src/domain/policy.js';
import type { Actor, Clock, ClockName, Contact, DealState, Problem } from '../../src/domain/types.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A Thursday morning in UTC: the default T0 of every scenario. */
export const T0 = Date.parse('2026-11-26T09:00:00.000Z');
export const DEAL_ID = 'D-100';
export const COMPANY = 'Acme Analytics';
export const CONTACT: Contact = { name: 'Ana Ruiz', title: 'VP Partnerships', email: 'ana@acme.example' };
export const SOW_EXPECTED = '2026-12-01';
export const CHANNEL = '#exec-checkins';

export const NOT_LIVE: AgentLiveness = { live: false, detail: 'no heartbeat recorded' };
export const LIVE: AgentLiveness = { live: true, detail: 'heartbeat 2026-11-26 09:00 UTC' };

/** Who issues each command unless a test says otherwise: the role the SOP gives it. */
const DEFAULT_ACTOR: Record<Command['type'], Actor> = {
  'deal.add': 'cro',
  'deal.update': 'cro',
  'message.retry': 'chief.staff',
  'deal.stage': 'cro',
  'deal.commit': 'cro',
  'deal.note': 'cro',
  'packet.file': 'cro',
  ack: 'customer.success',
  'sow.sent': 'cro',
  'sow.signed': 'cro',
  'delivery.start': 'customer.success',
  'delivery.done': 'customer.success',
  'clock.fire': 'baton',
  'clock.remind': 'baton',
  'clock.hold': 'chief.staff',
  'clock.resume': 'chief.staff',
  'message.delivered': 'baton',
};

export interface WorldOptions {
  dealId?: string;
  timezone?: string;
  policy?: Policy;
  takenPacketPaths?: string[];
  /** `org.calendar` (SPEC §15), for the clocks the policy names in `calendarClocks`. */
  calendar?: WorkCalendar;
  /** customer.success liveness used when a step does not say. */
  customerSuccess?: AgentLiveness;
}

export interface StepOptions {
  actor?: Actor;
  customerSuccess?: AgentLiveness;
}

/** What one command did: the decision, and on success its events and owed effects. */
export interface Step {
  decision: Decision;
  ok: boolean;
  problems: Problem[];
  events: DomainEvent[];
  messages: OwedMessage[];
  files: OwedFile[];
}

export class World {
  readonly dealId: string;
  readonly timezone: string;
  readonly policy: Policy;
  readonly calendar: WorkCalendar | undefined;
  takenPacketPaths: string[];
  customerSuccess: AgentLiveness;
  state: DealState | undefined;
  /** Every event recorded so far, in order: the timeline. */
  readonly events: DomainEvent[] = [];
  /** Every message owed so far, in order. */
  readonly messages: OwedMessage[] = [];
  /** Every file written so far, in order (later writes of a path supersede earlier ones). */
  readonly files: OwedFile[] = [];

  constructor(opts: WorldOptions = {}) {
    this.dealId = opts.dealId ?? DEAL_ID;
    this.timezone = opts.timezone ?? 'UTC';
    this.policy = opts.policy ?? POLICY_V1;
    this.calendar = opts.calendar;
    this.takenPacketPaths = opts.takenPacketPaths ?? [];
    this.customerSuccess = opts.customerSuccess ?? NOT_LIVE;
  }

  ctx(now: number, opts: StepOptions = {}, type: Command['type'] = 'deal.note'): DecideContext {
    return {
      dealId: this.dealId,
      now,
      actor: opts.actor ?? DEFAULT_ACTOR[type],
      policy: this.policy,
      ...(this.calendar ? { calendar: this.calendar } : {}),
      timezone: this.timezone,
      takenPacketPaths: this.takenPacketPaths,
      customerSuccess: opts.customerSuccess ?? this.customerSuccess,
    };
  }

  /** Decide, and on success fold the events and collect the effects. Never throws on a refusal. */
  attempt(command: Command, at: number, opts: StepOptions = {}): Step {
    const ctx = this.ctx(at, opts, command.type);
    const decision = decide(this.state, command, ctx);
    if (!decision.ok) return { decision, ok: false, problems: decision.problems, events: [], messages: [], files: [] };
    const events = decision.events;
    if (events.length === 0) return { decision, ok: true, problems: [], events, messages: [], files: [] };
    const after = evolveAll(this.state, events) as DealState;
    const calendar = this.calendar ? { calendar: this.calendar } : {};
    const effects = effectsOf(events, after, { timezone: this.timezone, channel: CHANNEL, customerSuccess: ctx.customerSuccess, ...calendar });
    this.state = after;
    this.events.push(...events);
    this.messages.push(...effects.messages);
    this.files.push(...effects.files);
    return { decision, ok: true, problems: [], events, messages: effects.messages, files: effects.files };
  }

  /** Like `attempt`, but a refusal fails the test with the problems it lists. */
  run(command: Command, at: number, opts: StepOptions = {}): Step {
    const step = this.attempt(command, at, opts);
    if (!step.ok) {
      throw new Error(`${command.type} refused: ${step.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    }
    return step;
  }

  fire(name: ClockName, at: number): Step {
    return this.run({ type: 'clock.fire', name }, at);
  }

  /** Reminder `index` (0-based) of the clock, as the scheduler sends it once its row is due. */
  remind(name: ClockName, index: number, at: number): Step {
    return this.run({ type: 'clock.remind', name, index }, at);
  }

  get deal(): DealState['deal'] {
    if (!this.state) throw new Error('no deal yet');
    return this.state.deal;
  }

  get handoff(): NonNullable<DealState['handoff']> {
    const h = this.state?.handoff;
    if (!h) throw new Error('no handoff yet');
    return h;
  }

  clock(name: ClockName): Clock {
    const c = this.handoff.clocks[name];
    if (!c) throw new Error(`clock ${name} was never started`);
    return c;
  }

  eventsOf<T extends EventType>(type: T): Extract<DomainEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);
  }

  /** The latest content written to a path. */
  file(path: string): string | undefined {
    return [...this.files].reverse().find((f) => f.path === path)?.content;
  }

  /** The draft with every `{...}` placeholder filled, and any label set to a given value. */
  packet(overrides: Record<string, string> = {}): string {
    if (!this.state) throw new Error('no deal yet');
    return fillPacket(draftPacket(this.state, { policy: this.policy, timezone: this.timezone }), overrides);
  }

  filePacket(at: number, overrides: Record<string, string> = {}, opts: StepOptions = {}): Step {
    return this.run({ type: 'packet.file', text: this.packet(overrides) }, at, opts);
  }

  ack(at: number, opts: StepOptions = {}): Step {
    return this.run({ type: 'ack' }, at, opts);
  }

  /** The message with this kind (and recipient, when given) among everything owed so far. */
  messagesOf(kind: string, recipient?: string): OwedMessage[] {
    return this.messages.filter((m) => m.kind === kind && (recipient === undefined || m.recipient === recipient));
  }
}

/** Text for each narrative field, so that a filed packet reads like a real one. */
const FILLED: Record<string, string> = {
  [LABEL.company]: COMPANY,
  [LABEL.contact]: 'Ana Ruiz, VP Partnerships, ana@acme.example',
  [LABEL.problem]: 'Partner-sourced revenue is invisible in their CRM',
  [LABEL.expectations]: 'A ranked list of ecosystem motions with revenue estimates',
  [LABEL.whatSold]: 'The co-sell attribution example from the Briefing',
  [LABEL.sensitivities]: 'The CFO is sceptical; keep numbers conservative',
  [LABEL.ecosystem]: 'Two resellers, one marketplace listing, no co-sell program',
  [LABEL.origin]: 'Inbound from the partner newsletter',
  [LABEL.history]: '2026-11-10: discovery call; 2026-11-20: Briefing delivered',
  [LABEL.briefing]: 'Y — they responded to the co-sell attribution model',
  [LABEL.scope]: 'None',
  [LABEL.redFlags]: 'None',
  [LABEL.followOn]: 'Referral to their sister company',
};

const LINE_RE = /^([^:]+): ?(.*)$/;

/** Replace every `{...}` placeholder of a drafted packet, then apply the overrides by label. */
export function fillPacket(draft: string, overrides: Record<string, string> = {}): string {
  return draft
    .split('\n')
    .map((line) => {
      const m = LINE_RE.exec(line);
      const label = m?.[1];
      if (!m || label === undefined) return line;
      if (Object.hasOwn(overrides, label)) return `${label}: ${overrides[label]}`;
      const value = m[2] ?? '';
      if (!/\{[^{}]*\}/.test(value)) return line;
      return `${label}: ${FILLED[label] ?? `Filled ${label.toLowerCase()}`}`;
    })
    .join('\n');
}

export interface CloseOptions extends WorldOptions {
  commitment?: 'written' | 'verbal';
  /** Which of the two trigger conditions comes first; T0 is the second. */
  order?: 'stage-first' | 'commit-first';
  /** T0: when the second condition holds. */
  at?: number;
  /** How long before T0 the first condition held. */
  gapMs?: number;
  sowExpected?: string;
  company?: string;
  contact?: Contact;
}

/** A deal added and then closed: Closed-won and a commitment, so the handoff starts at `at`. */
export function closedDeal(opts: CloseOptions = {}): World {
  const w = new World(opts);
  const at = opts.at ?? T0;
  const gap = opts.gapMs ?? HOUR;
  const type = opts.commitment ?? 'written';
  w.run({ type: 'deal.add', company: opts.company ?? COMPANY, contact: opts.contact ?? CONTACT, origin: 'Inbound from the partner newsletter' }, at - gap - HOUR);
  const stage: Command = { type: 'deal.stage', stage: 'closed-won' };
  const commit: Command =
    type === 'verbal' ? { type: 'deal.commit', commitment: 'verbal', sowExpected: opts.sowExpected ?? SOW_EXPECTED } : { type: 'deal.commit', commitment: 'written' };
  const [first, second] = (opts.order ?? 'stage-first') === 'stage-first' ? [stage, commit] : [commit, stage];
  w.run(first, at - gap);
  w.run(second, at);
  return w;
}

/** The DMs (and posts) of a step as `[kind, recipient]` pairs, for table assertions. */
export function sent(messages: readonly OwedMessage[]): Array<[string, string]> {
  return messages.map((m) => [m.kind, m.recipient]);
}
