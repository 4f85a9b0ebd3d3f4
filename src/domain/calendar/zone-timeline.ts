import { IANAZone } from 'luxon';

/**
 * The UTC offsets of a time zone as a table of transitions, built once per (zone, year).
 *
 * Why not ask luxon for the offset of every instant: each lookup goes through
 * `Intl.DateTimeFormat` (about 4 µs), and the working-time walk needs several per day.
 * A year's transitions are found once (sampling every 6 hours, then bisecting to the
 * millisecond), after which an offset is a short array search. Sampling every 6 hours
 * would miss two transitions less than 6 hours apart that cancel out; no zone does that.
 */

const HOUR = 3_600_000;
const SAMPLE_STEP = 6 * HOUR;

/** A change of offset: from `at` (inclusive) on, the zone is `offsetAfter` ms ahead of UTC. */
export interface Transition {
  at: number;
  offsetAfter: number;
}

interface YearTable {
  /** Offset in ms at the first instant of the UTC year. */
  startOffset: number;
  /** Transitions strictly after the start of the year and up to its end (inclusive), in order. */
  transitions: Transition[];
}

const tables = new Map<string, Map<number, YearTable>>();
const zones = new Map<string, IANAZone>();

function zoneOf(name: string): IANAZone {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = IANAZone.create(name);
    if (!zone.isValid) throw new RangeError(`unknown time zone "${name}"`);
    zones.set(name, zone);
  }
  return zone;
}

/** Throws a RangeError naming the zone when luxon does not know it. */
export function assertZone(name: string): void {
  zoneOf(name);
}

function rawOffset(zone: IANAZone, at: number): number {
  return zone.offset(at) * 60_000;
}

function buildYear(zone: IANAZone, year: number): YearTable {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const startOffset = rawOffset(zone, start);
  const transitions: Transition[] = [];
  let a = start;
  let offA = startOffset;
  while (a < end) {
    const b = Math.min(a + SAMPLE_STEP, end);
    const offB = rawOffset(zone, b);
    if (offB !== offA) {
      // Invariant: offset(lo) === offA, offset(hi) === offB; hi is the first instant of offB.
      let lo = a;
      let hi = b;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (rawOffset(zone, mid) === offA) lo = mid;
        else hi = mid;
      }
      transitions.push({ at: hi, offsetAfter: offB });
    }
    a = b;
    offA = offB;
  }
  return { startOffset, transitions };
}

function yearTable(zoneName: string, year: number): YearTable {
  let byYear = tables.get(zoneName);
  if (byYear === undefined) {
    byYear = new Map();
    tables.set(zoneName, byYear);
  }
  let table = byYear.get(year);
  if (table === undefined) {
    table = buildYear(zoneOf(zoneName), year);
    byYear.set(year, table);
  }
  return table;
}

function utcYear(at: number): number {
  return new Date(at).getUTCFullYear();
}

/** The zone's offset from UTC in ms at the instant `at` (local wall clock = `at + offset`). */
export function offsetAt(zoneName: string, at: number): number {
  const table = yearTable(zoneName, utcYear(at));
  let offset = table.startOffset;
  for (const t of table.transitions) {
    if (t.at > at) break;
    offset = t.offsetAfter;
  }
  return offset;
}

/** The transitions with `from < at <= to`, in order. */
export function transitionsBetween(zoneName: string, from: number, to: number): Transition[] {
  const found: Transition[] = [];
  for (let year = utcYear(from); year <= utcYear(to); year++) {
    for (const t of yearTable(zoneName, year).transitions) {
      if (t.at > from && t.at <= to) found.push(t);
    }
  }
  return found;
}

const knownZones = new Map<string, boolean>();

/** True when `name` is a time zone luxon (and so the platform's Intl) knows; cached, as each check builds an Intl formatter. */
export function isKnownZone(name: string): boolean {
  let known = knownZones.get(name);
  if (known === undefined) {
    known = IANAZone.isValidZone(name);
    // Bounded: names come from config files, but a fuzzer could send many.
    if (knownZones.size < 1000) knownZones.set(name, known);
  }
  return known;
}
