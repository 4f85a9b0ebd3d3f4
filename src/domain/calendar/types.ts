/**
 * The shapes of business time (SPEC §15): working hours per weekday and holidays, in
 * the org time zone. A `WorkCalendar` is plain, frozen data (it can be stored with a
 * policy and compared); the arithmetic compiles it into lookup tables on first use.
 */

/** Weekday keys of `org.calendar.hours`, Monday first as ISO 8601 counts them. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * One working range of a day, in minutes of the local wall clock: `09:00-17:00` is
 * `{ startMinute: 540, endMinute: 1020 }`. The end is exclusive and may be 1440 (`24:00`).
 */
export interface WorkingRange {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** A validated calendar. Build it with `parseWorkCalendar`, never by hand in production. */
export interface WorkCalendar {
  /** IANA time zone whose wall clock the hours and holiday dates are read in. */
  readonly zone: string;
  /** Ranges of each weekday, sorted, non-overlapping; an empty list is a day off. */
  readonly week: Readonly<Record<Weekday, readonly WorkingRange[]>>;
  /** Explicit holiday dates `YYYY-MM-DD`, sorted, without duplicates. */
  readonly holidays: readonly string[];
  /** A date-holidays code `CC`, `CC-SS` or `CC-SS-RR`, whose public holidays are days off. */
  readonly holidayRegion?: string;
}

/** `org.calendar` as written in baton.config.yaml, before validation. */
export interface WorkCalendarConfig {
  hours?: Partial<Record<Weekday, string>>;
  holidays?: string[];
  holidayRegion?: string;
}
