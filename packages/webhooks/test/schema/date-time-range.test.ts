import { type JsonSchema, validateJson } from "@voicehire/webhooks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/**
 * A date-time names an instant of the years 0001 to 9999 once converted to UTC: an offset may not push
 * it outside (`9999-12-31T23:59:59.999-23:59` is in year 10000 in UTC, which RFC 3339 cannot write).
 */
const dateTime: JsonSchema = { type: "string", format: "date-time" };
const EARLIEST = Date.parse("0001-01-01T00:00:00.000Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");
const DAY = 86_400_000;
const RANGE_MESSAGE = "must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z once converted to UTC";

const messagesOf = (value: string) => validateJson(dateTime, value).map((issue) => issue.message);

/** `utcMs` written as the local time of a zone `offsetMinutes` east of UTC, or undefined past 4 digits. */
function writtenAt(utcMs: number, offsetMinutes: number): string | undefined {
  const local = new Date(utcMs + offsetMinutes * 60_000).toISOString();
  if (!/^\d{4}-/.test(local)) return undefined;
  const size = Math.abs(offsetMinutes);
  const zone = `${offsetMinutes < 0 ? "-" : "+"}${String(Math.floor(size / 60)).padStart(2, "0")}:${String(size % 60).padStart(2, "0")}`;
  return `${local.slice(0, 23)}${zone}`;
}

describe("date-time: the years 0001 to 9999 in UTC", () => {
  it("accepts both ends and refuses what an offset pushes past them", () => {
    for (const ok of [
      "0001-01-01T00:00:00Z",
      "0001-01-01T00:00:00-00:01",
      "9999-12-31T23:59:59.999Z",
      "9999-12-31T23:59:59.9999Z",
      "9999-12-31T23:59:59+00:01",
    ]) {
      expect(messagesOf(ok), ok).toEqual([]);
    }
    for (const late of [
      "9999-12-31T23:59:59.999-23:59",
      "9999-12-31T23:59:60Z",
      "0000-12-31T23:59:59Z",
      "0001-01-01T00:00:00+00:01",
      "0001-01-01T00:00:00.000+23:59",
    ]) {
      expect(messagesOf(late), late).toEqual([RANGE_MESSAGE]);
    }
    expect(messagesOf("10000-01-01T00:00:00Z")).toEqual([
      "must be a date-time (RFC 3339, e.g. 2024-01-15T10:30:00Z)",
    ]);
  });

  it("any instant near either end, written in any zone: accepted exactly when it is in range", () => {
    const near = fc.oneof(
      fc.integer({ min: EARLIEST - 2 * DAY, max: EARLIEST + 2 * DAY }),
      fc.integer({ min: LATEST - 2 * DAY, max: LATEST + 2 * DAY }),
      fc.integer({ min: EARLIEST, max: LATEST }),
    );
    fc.assert(
      fc.property(near, fc.integer({ min: -1439, max: 1439 }), (utcMs, offsetMinutes) => {
        const written = writtenAt(utcMs, offsetMinutes);
        fc.pre(written !== undefined);
        const inRange = utcMs >= EARLIEST && utcMs <= LATEST;
        expect(messagesOf(written as string)).toEqual(inRange ? [] : [RANGE_MESSAGE]);
      }),
      { numRuns: 2_000 },
    );
  });
});
