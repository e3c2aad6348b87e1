import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDateInput, parseDateInput } from "../src/i18n/date-input-format";
import { LANGUAGES } from "../src/i18n/language";

/** Dates typed in the page's language: what the field writes, it reads back; the other order is refused. */
const minuteTimes = fc
  .date({ min: new Date(2000, 0, 1), max: new Date(2099, 11, 31), noInvalidDate: true })
  .map((date) => {
    const copy = new Date(date);
    copy.setSeconds(0, 0);
    return copy.getTime();
  });

describe("date inputs in the page's language", () => {
  it("read back what they write, in both languages", () => {
    fc.assert(
      fc.property(minuteTimes, fc.constantFrom(...LANGUAGES), (time, language) => {
        const text = formatDateInput(time, language);
        const parsed = parseDateInput(text, language);
        if (parsed.kind !== "valid") throw new Error(`${text} (${language}) was not read back`);
        // Compared as text: in the hour a clock change repeats, local text names two instants.
        expect(formatDateInput(parsed.iso, language)).toBe(text);
        expect(Math.abs(Date.parse(parsed.iso) - time)).toBeLessThanOrEqual(3_600_000);
      }),
    );
  });

  it("write French day first on a 24-hour clock, English month first with AM/PM", () => {
    const time = new Date(2024, 0, 15, 14, 5).getTime();
    expect(formatDateInput(time, "fr")).toBe("15/01/2024 14:05");
    expect(formatDateInput(time, "en")).toBe("01/15/2024 02:05 PM");
    expect(formatDateInput(new Date(2024, 0, 15, 0, 30).getTime(), "en")).toBe("01/15/2024 12:30 AM");
  });

  it("read the same text by the page's language, not the browser's", () => {
    const march4 = new Date(2024, 2, 4).toISOString();
    const april3 = new Date(2024, 3, 3).toISOString();
    expect(parseDateInput("04/03/2024", "fr")).toEqual({ kind: "valid", iso: march4 });
    expect(parseDateInput("04/03/2024", "en")).toEqual({ kind: "valid", iso: april3 });
    expect(parseDateInput("2024-03-04 09:15", "en")).toEqual({
      kind: "valid",
      iso: new Date(2024, 2, 4, 9, 15).toISOString(),
    });
    expect(parseDateInput("04/03/2024 9h15", "fr")).toEqual({
      kind: "valid",
      iso: new Date(2024, 2, 4, 9, 15).toISOString(),
    });
  });

  it("refuses what is not a date instead of guessing", () => {
    for (const [text, language] of [
      ["31/02/2024", "fr"],
      ["13/13/2024", "en"],
      ["15/01/2024 24:00", "fr"],
      ["01/15/2024 13:00 PM", "en"],
      ["15/01/2024 10:00 AM", "fr"],
      ["demain", "fr"],
      ["2024-01-15T10:30:00Z", "en"],
    ] as const) {
      expect(parseDateInput(text, language), `${text} (${language})`).toEqual({ kind: "invalid" });
    }
    expect(parseDateInput("  ", "fr")).toEqual({ kind: "empty" });
  });
});
