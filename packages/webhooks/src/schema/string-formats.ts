import type { StringFormat } from "./json-schema.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const WHITESPACE = /\s/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isCalendarDate(year: string, month: string, day: string): boolean {
  const m = Number(month);
  const d = Number(day);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(Number(year), m);
}

function isDate(value: string): boolean {
  const match = DATE.exec(value);
  return match !== null && isCalendarDate(match[1] as string, match[2] as string, match[3] as string);
}

/** The instants a timestamp may name: years 0001 to 9999 once in UTC, so it prints as RFC 3339 again. */
const EARLIEST_MS = Date.parse("0001-01-01T00:00:00.000Z");
const LATEST_MS = Date.parse("9999-12-31T23:59:59.999Z");

const DATE_TIME_MESSAGE = "must be a date-time (RFC 3339, e.g. 2024-01-15T10:30:00Z)";
const DATE_TIME_RANGE_MESSAGE =
  "must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z once converted to UTC";

/** The UTC epoch milliseconds of an RFC 3339 date-time's parts (any year; a leap second as :60). */
function utcMilliseconds(parts: readonly (string | undefined)[]): number {
  const [year, month, day, hour, minute, second, fraction, sign, offsetHour, offsetMinute] = parts;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes the years 0 to 99 as they are.
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  const offset = (Number(offsetHour ?? 0) * 60 + Number(offsetMinute ?? 0)) * (sign === "-" ? -1 : 1);
  const minutes = Number(hour) * 60 + Number(minute) - offset;
  const milliseconds = Number(`${(fraction ?? ".").slice(1)}000`.slice(0, 3));
  return date.getTime() + (minutes * 60 + Number(second)) * 1000 + milliseconds;
}

function dateTimeProblem(value: string): string | null {
  const match = DATE_TIME.exec(value);
  if (match === null) return DATE_TIME_MESSAGE;
  const [, year, month, day, hour, minute, second, , , offsetHour, offsetMinute] = match;
  const valid =
    isCalendarDate(year as string, month as string, day as string) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 60 && // RFC 3339 allows a leap second
    Number(offsetHour ?? 0) <= 23 &&
    Number(offsetMinute ?? 0) <= 59;
  if (!valid) return DATE_TIME_MESSAGE;
  const ms = utcMilliseconds(match.slice(1));
  return ms < EARLIEST_MS || ms > LATEST_MS ? DATE_TIME_RANGE_MESSAGE : null;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function isUri(value: string): boolean {
  if (!URI_SCHEME.test(value) || WHITESPACE.test(value) || hasControlCharacter(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const CHECKS: { readonly [F in StringFormat]: (value: string) => string | null } = {
  date: (value) => (isDate(value) ? null : "must be a date (YYYY-MM-DD)"),
  "date-time": dateTimeProblem,
  uri: (value) => (isUri(value) ? null : "must be an absolute URI"),
};

/** Returns the issue message when `value` does not match `format`, or null when it does. */
export function checkStringFormat(format: StringFormat, value: string): string | null {
  return CHECKS[format](value);
}
