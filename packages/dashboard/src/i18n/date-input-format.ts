import type { Language } from "./language";

/**
 * Dates typed in the page's language rather than the browser's (a `datetime-local` input follows the
 * browser's locale, so a French page on an English browser asked for "mm/dd/yyyy"). French writes
 * "15/01/2024 10:30", English "01/15/2024 10:30 AM"; both also accept ISO "2024-01-15 10:30". The time
 * is optional (midnight) and local, like the dates the page shows.
 */
export type ParsedDateInput =
  | { readonly kind: "empty" }
  | { readonly kind: "valid"; readonly iso: string }
  | { readonly kind: "invalid" };

/** What the field shows below it: the shape to type. */
export const DATE_INPUT_PATTERN: { readonly [L in Language]: string } = {
  fr: "JJ/MM/AAAA HH:MM",
  en: "MM/DD/YYYY HH:MM AM",
};

const pad = (value: number) => String(value).padStart(2, "0");

export function formatDateInput(time: string | number, language: Language): string {
  const date = new Date(time);
  const day = pad(date.getDate());
  const month = pad(date.getMonth() + 1);
  const year = String(date.getFullYear()).padStart(4, "0");
  const minutes = pad(date.getMinutes());
  if (language === "fr") return `${day}/${month}/${year} ${pad(date.getHours())}:${minutes}`;
  const hours12 = date.getHours() % 12 === 0 ? 12 : date.getHours() % 12;
  return `${month}/${day}/${year} ${pad(hours12)}:${minutes} ${date.getHours() < 12 ? "AM" : "PM"}`;
}

const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[\s,]+(\d{1,2})[:h](\d{2})\s*(am|pm)?)?$/i;
const ISO_LIKE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[\sT]+(\d{1,2}):(\d{2}))?$/;

interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

function partsOf(text: string, language: Language): Parts | undefined {
  const iso = ISO_LIKE.exec(text);
  if (iso !== null) {
    const [, y, m, d, h, min] = iso;
    return {
      year: Number(y),
      month: Number(m),
      day: Number(d),
      hour: Number(h ?? 0),
      minute: Number(min ?? 0),
    };
  }
  const slashed = SLASHED.exec(text);
  if (slashed === null) return undefined;
  const [, first, second, y, h, min, meridiem] = slashed;
  const [day, month] = language === "fr" ? [first, second] : [second, first];
  let hour = Number(h ?? 0);
  if (meridiem !== undefined) {
    if (language === "fr" || hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem.toLowerCase() === "pm" ? 12 : 0);
  }
  return { year: Number(y), month: Number(month), day: Number(day), hour, minute: Number(min ?? 0) };
}

export function parseDateInput(value: string, language: Language): ParsedDateInput {
  const text = value.trim();
  if (text === "") return { kind: "empty" };
  const parts = partsOf(text, language);
  if (parts === undefined || parts.hour > 23 || parts.minute > 59) return { kind: "invalid" };
  const date = new Date(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  // The Date constructor rolls 31/02 over to March: a date that does not come back whole is wrong.
  if (
    date.getFullYear() !== parts.year ||
    date.getMonth() !== parts.month - 1 ||
    date.getDate() !== parts.day
  ) {
    return { kind: "invalid" };
  }
  return { kind: "valid", iso: date.toISOString() };
}
