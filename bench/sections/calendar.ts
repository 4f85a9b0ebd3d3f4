import { join } from 'node:path';
import { parseConfig } from '../../src/config/config.js';
import { startClock, type ClockTiming } from '../../src/domain/clock-time.js';
import type { ClockName } from '../../src/domain/types.js';
import { tick } from '../../src/engine/tick.js';
import { copyHandoffs } from '../lib/bulk.js';
import type { BenchContext } from '../lib/context.js';
import { load1 } from '../lib/context.js';
import { BASE_T0, HOUR, prepareTemplate } from '../lib/seed.js';
import { configText, openBenchStore, type BenchStore, type ConfigParts, type StoreKind } from '../lib/stores.js';
import { fmt, median, percentile } from '../lib/stats.js';

/**
 * Working-time clocks (SPEC §15) at the bench's scale, with a realistic calendar: New York,
 * Monday to Friday 09:00-17:00, 2026-12-25 off and the US public holidays.
 *
 * 1. Due-time computation: `startClock` (due time and reminder times) for the packet and
 *    acknowledgement clocks, started at random instants spread over 2026, with the
 *    calendar and with the same call and policy but no calendar (wall-clock time), in
 *    alternating time-boxed blocks in this one process.
 * 2. The idle tick (nothing due, as in the idle section) with 100,000 open handoffs whose
 *    engine has the calendar and calendar clocks, against a store of the same size whose
 *    engine has neither; ticks in blocks alternating between the two stores.
 */

const ZONE = 'America/New_York';
const WEEKDAY = '"09:00-17:00"';
/** The calendar store's lines of baton.config.yaml; the plain store has the same time zone only. */
const CALENDAR: ConfigParts = {
  org: [
    `timezone: ${ZONE}`,
    'calendar:',
    '  hours:',
    ...['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => `    ${day}: ${WEEKDAY}`),
    '  holidays: ["2026-12-25"]',
    '  holidayRegion: US',
  ],
  policy: ['calendarClocks: [packet, acknowledgement]'],
};
const PLAIN: ConfigParts = { org: [`timezone: ${ZONE}`] };
const CLOCKS: readonly ClockName[] = ['packet', 'acknowledgement'];
const YEAR_START = Date.parse('2026-01-01T00:00:00.000Z');
const YEAR_MS = 365 * 24 * HOUR;
/** As in the idle section: T0 + 1 h, when no clock and no reminder is due in either store. */
const NOW = BASE_T0 + HOUR;
const FLAT = 1.5;

/** A small seeded generator (mulberry32), so every run starts its clocks at the same instants. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The timing the engine itself would pass: the policy and calendar parsed from the config text. */
function timing(ctx: BenchContext, parts: ConfigParts): ClockTiming {
  const config = parseConfig(configText(':memory:', [], parts), { path: join(ctx.tmp, 'calendar.baton.config.yaml'), env: {} });
  return { now: 0, policy: config.policy, ...(config.org.calendar ? { calendar: config.org.calendar } : {}) };
}

interface Side {
  label: string;
  timing: ClockTiming;
  next: number;
  rates: number[];
  calls: number;
}

/**
 * Calls `startClock` for at least `ms` milliseconds, walking the start times from where the
 * last block stopped. Each answer is checked (due no earlier than the duration in wall time,
 * exactly that with no calendar), which also keeps it from being optimised away.
 */
function block(side: Side, starts: Float64Array, ms: number): void {
  const { policy, calendar } = side.timing;
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (let k = 0; k < 256; k++) {
      const i = side.next;
      side.next = (i + 1) % starts.length;
      const name = CLOCKS[i % CLOCKS.length] as ClockName;
      const at = starts[i] as number;
      const event = startClock(name, at, side.timing);
      const wall = at + policy.due[name];
      if (calendar ? event.dueAt < wall : event.dueAt !== wall)
        throw new Error(`${side.label}: ${name} started ${new Date(at).toISOString()} due ${new Date(event.dueAt).toISOString()}`);
      if ((event.remindAt?.length ?? 0) !== 1) throw new Error(`${side.label}: ${name} started ${new Date(at).toISOString()} has ${event.remindAt?.length ?? 0} reminders, not 1`);
    }
    calls += 256;
    elapsed = performance.now() - started;
  } while (elapsed < ms);
  side.rates.push((calls / elapsed) * 1000);
  side.calls += calls;
}

async function dueTimes(ctx: BenchContext): Promise<void> {
  const count = ctx.quick ? 20_000 : 100_000;
  const blocks = ctx.quick ? 10 : 30;
  const blockMs = ctx.quick ? 50 : 100;
  const next = random(15);
  const starts = new Float64Array(count);
  for (let i = 0; i < count; i++) starts[i] = YEAR_START + Math.floor(next() * YEAR_MS);

  // The first call with a freshly parsed calendar compiles it (week tables, holidays of the year).
  const cold = timing(ctx, CALENDAR);
  const coldStarted = performance.now();
  startClock('packet', starts[0] as number, cold);
  const coldMs = performance.now() - coldStarted;

  const sides: Side[] = [
    { label: 'calendar', timing: timing(ctx, CALENDAR), next: 0, rates: [], calls: 0 },
    { label: 'wall-clock', timing: timing(ctx, PLAIN), next: 0, rates: [], calls: 0 },
  ];
  const [cal, wall] = sides as [Side, Side];
  if (!cal.timing.calendar || wall.timing.calendar) throw new Error('calendar bench: the calendar did not parse as expected');
  const startLoad = load1();
  // Warm-up: every start time once on each side (every day of the year compiled and jitted).
  for (const side of sides) {
    while (side.next < count - 256) block(side, starts, 0);
    side.next = 0;
    side.rates = [];
    side.calls = 0;
  }
  for (let b = 0; b < blocks; b++) for (const side of b % 2 === 0 ? sides : [...sides].reverse()) block(side, starts, blockMs);
  const calRate = median(cal.rates);
  const wallRate = median(wall.rates);
  const ratio = wallRate / calRate;
  const what = `startClock (due and reminder times), packet and acknowledgement clocks, ${count.toLocaleString('en-US')} random starts over 2026; median of ${blocks} blocks of ${blockMs} ms`;
  ctx.log(`calendar: ${fmt(calRate)} /s with the calendar, ${fmt(wallRate)} /s wall-clock (${fmt(ratio)}x); cold first call ${fmt(coldMs)} ms`);
  ctx.record({
    section: 'calendar',
    name: 'due times with a calendar (New York, Mon-Fri 09:00-17:00, US holidays)',
    value: calRate,
    unit: '/s',
    detail: `${what}; p10 ${fmt(percentile(cal.rates, 10))} /s; the first call, compiling the calendar: ${fmt(coldMs)} ms`,
    data: { rates: cal.rates, calls: cal.calls, starts: count, coldMs },
    load1: startLoad,
  });
  ctx.record({
    section: 'calendar',
    name: 'due times wall-clock (same call, no calendar)',
    value: wallRate,
    unit: '/s',
    detail: `${what}; p10 ${fmt(percentile(wall.rates, 10))} /s`,
    data: { rates: wall.rates, calls: wall.calls, starts: count },
    load1: startLoad,
  });
  ctx.record({ section: 'calendar', name: 'due-time cost of the calendar, wall-clock rate / calendar rate', value: ratio, unit: 'x', load1: startLoad });
  ctx.goal({
    section: 'calendar',
    goal: 'due-time computation with a calendar, against wall-clock',
    target: 'reported (no target)',
    measured: `${fmt(calRate)} /s vs ${fmt(wallRate)} /s (${fmt(ratio)}x slower); ${fmt(1e6 / calRate)} µs a clock`,
    met: null,
  });
}

async function seeded(ctx: BenchContext, kind: StoreKind, label: string, size: number, parts: ConfigParts): Promise<BenchStore> {
  const store = await openBenchStore(ctx, kind, label, parts);
  const tpl = await prepareTemplate(store, [BASE_T0]);
  // The template's packet clock tells the two stores apart: due 2 h after T0, or 2 working hours later.
  const packet = (tpl.rows.clocks ?? []).find((row) => row.name === 'packet');
  const calendarClock = typeof packet?.data === 'string' && (JSON.parse(packet.data) as { calendar?: boolean }).calendar === true;
  if (!packet || calendarClock !== Boolean(parts.policy) || (packet.due_at === BASE_T0 + 2 * HOUR) === Boolean(parts.policy))
    throw new Error(`calendar bench: ${label} store's packet clock is not what its config asks for: ${JSON.stringify(packet)}`);
  await copyHandoffs(store, tpl, 4, size);
  return store;
}

async function oneTick(store: BenchStore): Promise<number> {
  const started = performance.now();
  const report = await tick(store.engine, NOW);
  const ms = performance.now() - started;
  if (report.fired + report.delivered + report.retrying + report.failed !== 0) throw new Error(`idle tick did work: ${JSON.stringify(report)}`);
  return ms;
}

async function idleTicks(ctx: BenchContext, kind: StoreKind): Promise<void> {
  const size = 100_000;
  const blocks = ctx.quick ? 10 : 20;
  const perBlock = 20;
  const name = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const stores: BenchStore[] = [];
  try {
    ctx.log(`calendar ${kind}: seeding two stores of ${size.toLocaleString('en-US')} open handoffs, with and without a calendar ...`);
    stores.push(await seeded(ctx, kind, 'calcal', size, CALENDAR));
    stores.push(await seeded(ctx, kind, 'calplain', size, PLAIN));
    const startLoad = load1();
    for (const store of stores) for (let i = 0; i < 20; i++) await oneTick(store); // warm-up
    const samples: number[][] = [[], []];
    for (let b = 0; b < blocks; b++) {
      for (const i of b % 2 === 0 ? [0, 1] : [1, 0]) for (let k = 0; k < perBlock; k++) samples[i]?.push(await oneTick(stores[i] as BenchStore));
    }
    const [cal, plain] = samples as [number[], number[]];
    const ratio = median(cal) / median(plain);
    ctx.log(`calendar ${kind}: idle tick ${fmt(median(cal))} ms with the calendar, ${fmt(median(plain))} ms without (${fmt(ratio)}x)`);
    ctx.record({
      section: 'calendar',
      name: `idle tick with a calendar, ${name}, ${size.toLocaleString('en-US')} open handoffs (median)`,
      value: median(cal),
      unit: 'ms',
      detail: `p99 ${fmt(percentile(cal, 99))} ms over ${cal.length} ticks; org.calendar and calendarClocks [packet, acknowledgement]`,
      data: { p99: percentile(cal, 99), n: cal.length },
      load1: startLoad,
    });
    ctx.record({
      section: 'calendar',
      name: `idle tick without a calendar, ${name}, ${size.toLocaleString('en-US')} open handoffs (median)`,
      value: median(plain),
      unit: 'ms',
      detail: `p99 ${fmt(percentile(plain, 99))} ms over ${plain.length} ticks; same time zone, no calendar`,
      data: { p99: percentile(plain, 99), n: plain.length },
      load1: startLoad,
    });
    ctx.record({ section: 'calendar', name: `idle tick calendar / no calendar, ${name}`, value: ratio, unit: 'x', load1: startLoad });
    ctx.goal({
      section: 'calendar',
      goal: `idle tick with a calendar as flat as without, ${name}, ${size.toLocaleString('en-US')} open handoffs`,
      target: `calendar / no calendar <= ${FLAT}x`,
      measured: `${fmt(median(cal))} ms vs ${fmt(median(plain))} ms (${fmt(ratio)}x)`,
      met: ratio <= FLAT,
    });
  } finally {
    for (const s of stores) await s.destroy();
  }
}

export async function calendarSection(ctx: BenchContext): Promise<void> {
  await dueTimes(ctx);
  for (const kind of ['sqlite', 'postgres'] as const) await idleTicks(ctx, kind);
}
