import type { StringFormat } from "./json-schema.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
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

function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (match === null) return false;
  const [, year, month, day, hour, minute, second, offsetHour, offsetMinute] = match;
  return (
    isCalendarDate(year as string, month as string, day as string) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 60 && // RFC 3339 allows a leap second
    Number(offsetHour ?? 0) <= 23 &&
    Number(offsetMinute ?? 0) <= 59
  );
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

const CHECKS: { readonly [F in StringFormat]: { test: (value: string) => boolean; message: string } } = {
  date: { test: isDate, message: "must be a date (YYYY-MM-DD)" },
  "date-time": { test: isDateTime, message: "must be a date-time (RFC 3339, e.g. 2024-01-15T10:30:00Z)" },
  uri: { test: isUri, message: "must be an absolute URI" },
};

/** Returns the issue message when `value` does not match `format`, or null when it does. */
export function checkStringFormat(format: StringFormat, value: string): string | null {
  const check = CHECKS[format];
  return check.test(value) ? null : check.message;
}
