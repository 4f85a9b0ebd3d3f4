import Holidays from 'date-holidays';
import type { WorkCalendar } from './types.js';

/**
 * Holidays by region, from the date-holidays package (its data ships with it: no network).
 * Only holidays of type `public` are days off (SPEC §15); bank, school, optional and
 * observance days are working days. A holiday is a whole local date in the org's zone,
 * even where date-holidays starts one at noon (such days are rare among public ones).
 * Results are cached per (region, year): date-holidays evaluates its rules on every call.
 */

const DAY = 86_400_000;
const byRegionYear = new Map<string, readonly string[]>();
const instances = new Map<string, Holidays>();
let catalog: Holidays | undefined;
/** Code lists of date-holidays, read once: building them costs about 0.2 ms a call. */
const codeLists = new Map<string, Record<string, string>>();

function codes(key: string, read: (hd: Holidays) => Record<string, string> | undefined): Record<string, string> {
  let list = codeLists.get(key);
  if (list === undefined) {
    catalog ??= new Holidays();
    list = read(catalog) ?? {};
    codeLists.set(key, list);
  }
  return list;
}

/** Splits `US`, `US-CA`, `DE-BY-A` into the parts date-holidays takes. */
function regionParts(region: string): [string, string?, string?] {
  const [country = '', state, area] = region.split('-');
  return [country, state, area];
}

function instanceFor(region: string): Holidays {
  let hd = instances.get(region);
  if (hd === undefined) {
    const [country, state, area] = regionParts(region);
    hd = area !== undefined ? new Holidays(country, state ?? '', area) : state !== undefined ? new Holidays(country, state) : new Holidays(country);
    instances.set(region, hd);
  }
  return hd;
}

/**
 * Why `region` is not a date-holidays code, or undefined when it is one. Codes are
 * `CC` (country), `CC-SS` (state) or `CC-SS-RR` (region), as `getCountries`, `getStates`
 * and `getRegions` list them; case matters as in those lists (`US`, `DE-BY`).
 */
export function regionProblem(region: string): string | undefined {
  const [country, state, area] = regionParts(region);
  if (region.split('-').length > 3 || country === '') return `"${region}" is not a code CC, CC-SS or CC-SS-RR`;
  if (
    !Object.hasOwn(
      codes('', (hd) => hd.getCountries()),
      country,
    )
  )
    return `"${country}" is not a country date-holidays knows`;
  if (state === undefined) return undefined;
  if (
    !Object.hasOwn(
      codes(country, (hd) => hd.getStates(country)),
      state,
    )
  )
    return `"${state}" is not a state of ${country} that date-holidays knows`;
  if (area === undefined) return undefined;
  if (
    !Object.hasOwn(
      codes(`${country}-${state}`, (hd) => hd.getRegions(country, state)),
      area,
    )
  )
    return `"${area}" is not a region of ${country}-${state} that date-holidays knows`;
  return undefined;
}

/** The public holidays of `region` in `year`, as sorted `YYYY-MM-DD` dates (cached). */
export function regionHolidays(region: string, year: number): readonly string[] {
  const key = `${region}|${year}`;
  let dates = byRegionYear.get(key);
  if (dates === undefined) {
    const found = new Set<string>();
    for (const h of instanceFor(region).getHolidays(year)) {
      if (h.type !== 'public') continue;
      // `date` is the local date and time the holiday starts; a holiday of several days
      // (end - start spans them) marks each date.
      const first = Date.parse(`${h.date.slice(0, 10)}T00:00:00Z`);
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY));
      for (let i = 0; i < days; i++) found.add(new Date(first + i * DAY).toISOString().slice(0, 10));
    }
    dates = Object.freeze([...found].sort());
    byRegionYear.set(key, dates);
  }
  return dates;
}

/**
 * Every holiday of the calendar from `fromYear` to `toYear` (inclusive): its explicit
 * dates and its region's public holidays, sorted, without duplicates.
 *
 * @example
 * holidayDates(calendar, 2026, 2026) // ['2026-01-01', '2026-01-19', ..., '2026-12-25']
 */
export function holidayDates(calendar: WorkCalendar, fromYear: number, toYear: number): string[] {
  const found = new Set<string>();
  for (const date of calendar.holidays) {
    const year = Number(date.slice(0, 4));
    if (year >= fromYear && year <= toYear) found.add(date);
  }
  if (calendar.holidayRegion !== undefined) {
    for (let year = fromYear; year <= toYear; year++) {
      for (const date of regionHolidays(calendar.holidayRegion, year)) found.add(date);
    }
  }
  return [...found].sort();
}
