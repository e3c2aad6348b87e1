/**
 * The embedded store's public delivery ids follow from a delivery's number and creation time
 * (`delivery-numbers.ts`): spelled in SQL by the generated column, read back in JS. For any number and
 * any time up to year 10000, the id has the shape of every id, names the number it was made from and no
 * other, bounds a listing's time, and ids sort as (time, number) do, which is the listing's order.
 */
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  latestTimeBefore,
  numberInDeliveryId,
  PUBLIC_ID_SQL,
} from "../../src/store/sqlite/delivery-numbers.js";

const YEAR_10000 = Date.UTC(10_000, 0, 1);
const db = new Database(":memory:");
afterAll(() => db.close());
const spell = db.prepare(
  `SELECT ${PUBLIC_ID_SQL} FROM (SELECT @given AS given_id, @createdAt AS created_at, @number AS id)`,
);
const publicId = (number: number, createdAt: number, given: string | null = null) =>
  spell.pluck().get({ number, createdAt, given }) as string;

const numberArb = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const timeArb = fc.integer({ min: 0, max: YEAR_10000 });

describe("public ids of numbered deliveries", () => {
  it("have the shape of every id and name their number and time", () => {
    fc.assert(
      fc.property(numberArb, timeArb, (number, createdAt) => {
        const id = publicId(number, createdAt);
        expect(id).toMatch(/^dlv_[0-9A-HJKMNP-TV-Z]{26}$/);
        expect(numberInDeliveryId(id)).toBe(number);
        expect(latestTimeBefore(id)).toBe(createdAt);
      }),
    );
  });

  it("sort as their (time, number) pairs", () => {
    const pair = fc.tuple(timeArb, numberArb);
    fc.assert(
      fc.property(pair, pair, ([t1, n1], [t2, n2]) => {
        const byPair = t1 !== t2 ? Math.sign(t1 - t2) : Math.sign(n1 - n2);
        const [a, b] = [publicId(n1, t1), publicId(n2, t2)];
        expect(a < b ? -1 : a > b ? 1 : 0).toBe(byPair);
      }),
    );
  });

  it("keep a given id as given, and read no number from what does not spell one", () => {
    expect(publicId(7, 1_700_000_000_000, "dlv_given")).toBe("dlv_given");
    for (const id of [
      "",
      "dlv_",
      "evt_01HM0000000000000000000001",
      "dlv_01HM000000000000000000000z",
      "dlv_01HMZZZZZZFFFFFFFFFFFFFFFFFF",
    ]) {
      expect(numberInDeliveryId(id)).toBeNull();
    }
  });

  it("bound a listing's time from any cursor, shaped or not", () => {
    expect(latestTimeBefore("a")).toBe(-1);
    expect(latestTimeBefore("zzz")).toBe(Number.MAX_SAFE_INTEGER);
    expect(latestTimeBefore("dlv_01")).toBe(Number.MAX_SAFE_INTEGER);
    expect(latestTimeBefore("dlv_0000000000~")).toBe(0);
  });
});
