import type { Language } from "./language";

/** Dates, numbers and durations written the way the chosen language writes them (Intl). */
export interface Formatters {
  /** "15 janv. 2024, 10:30:00" / "Jan 15, 2024, 10:30:00 AM". */
  dateTime(iso: string | number): string;
  /** "10:30:00". */
  time(iso: string | number): string;
  /** "15 janv." / "Jan 15". */
  shortDate(iso: string | number): string;
  /** "il y a 3 minutes" / "3 minutes ago", "dans 9 minutes" / "in 9 minutes". */
  relative(iso: string | number, now?: number): string;
  number(value: number): string;
  /** 0.985 → "98,5 %" / "98.5%". */
  percent(ratio: number): string;
  /** 45 → "45 ms"; 5000 → "5 s". */
  duration(ms: number): string;
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

export function createFormatters(language: Language): Formatters {
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "medium" });
  const time = new Intl.DateTimeFormat(language, { timeStyle: "medium" });
  const shortDate = new Intl.DateTimeFormat(language, { day: "numeric", month: "short" });
  const relative = new Intl.RelativeTimeFormat(language, { numeric: "auto" });
  const number = new Intl.NumberFormat(language);
  const percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 });
  const ms = new Intl.NumberFormat(language, { style: "unit", unit: "millisecond", unitDisplay: "short" });
  const seconds = new Intl.NumberFormat(language, {
    style: "unit",
    unit: "second",
    unitDisplay: "short",
    maximumFractionDigits: 1,
  });
  return {
    dateTime: (iso) => dateTime.format(new Date(iso)),
    time: (iso) => time.format(new Date(iso)),
    shortDate: (iso) => shortDate.format(new Date(iso)),
    relative(iso, now = Date.now()) {
      const delta = new Date(iso).getTime() - now;
      for (const [unit, size] of UNITS) {
        if (Math.abs(delta) >= size || unit === "second")
          return relative.format(Math.round(delta / size), unit);
      }
      return relative.format(0, "second");
    },
    number: (value) => number.format(value),
    percent: (ratio) => percent.format(ratio),
    duration: (value) => (value < 1000 ? ms.format(Math.round(value)) : seconds.format(value / 1000)),
  };
}
