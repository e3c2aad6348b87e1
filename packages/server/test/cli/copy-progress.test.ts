import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCopyProgress } from "../../src/cli/copy-progress.js";

function capture(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) }, written };
}

describe("migrate-store's progress", () => {
  it("without a terminal, writes one line each time a table's count passes a multiple of N", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom("accounts", "events", "deliveries"), fc.integer({ min: 1, max: 700 })),
          {
            maxLength: 60,
          },
        ),
        (batches) => {
          const { stream, written } = capture(false);
          const progress = createCopyProgress(stream, 1000);
          const totals = new Map<string, number>();
          let expected = 0;
          for (const [table, rows] of batches) {
            const before = totals.get(table) ?? 0;
            const after = before + rows;
            totals.set(table, after);
            expected += Math.floor(after / 1000) - Math.floor(before / 1000);
            progress.update(table, after);
          }
          progress.finish();
          expect(written).toHaveLength(expected);
          for (const line of written)
            expect(line).toMatch(/^(accounts|events|deliveries): [\d,]+ rows copied so far\n$/);
        },
      ),
    );
  });

  it("on a terminal, rewrites one live line per table and ends it", () => {
    const { stream, written } = capture(true);
    const progress = createCopyProgress(stream, 1000);
    progress.update("events", 500);
    progress.update("events", 2500);
    progress.update("deliveries", 300);
    progress.finish();
    const clear = "\r\u001b[K"; // back to the line's start, erase it
    const lines = written.join("").split(clear);
    expect(lines[0]).toBe("");
    expect(lines.slice(1)).toEqual([
      `${"events".padEnd(28)} [${".".repeat(20)}] 500 rows`,
      `${"events".padEnd(28)} [##${".".repeat(18)}] 2,500 rows\n`,
      `${"deliveries".padEnd(28)} [${".".repeat(20)}] 300 rows\n`,
    ]);
  });
});
