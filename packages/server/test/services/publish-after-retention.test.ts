import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import { afterEach, describe, expect, it } from "vitest";
import { publishEvent } from "../../src/services/publish-event.js";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { givenAccount, T0 } from "../store/conformance/fixtures.js";

const DAY = 86_400_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("a repeated publish while retention removes its key and event", () => {
  it("publishes anew instead of failing when both went between the key's answer and the event's read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vh-publish-"));
    const store = openSqliteStore({ file: join(dir, "store.sqlite") });
    await store.migrate();
    cleanups.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const account = await givenAccount(store);
    let now = T0;
    const clock = { now: () => now };
    const body = { event: "campaign.created", data: eventCatalog["campaign.created"].sample };
    const first = await publishEvent(
      { store, clock, onPublished: () => {} },
      { accountId: account.id, body, idempotencyKey: "k-1" },
    );
    expect(first.kind).toBe("published");

    // Retention runs (for real) right after the store answered "duplicate", before the event is read.
    now = T0 + 2 * DAY;
    let swept = false;
    const racing = new Proxy(store, {
      get(target, property) {
        if (property === "getEvent") {
          return async (accountId: string, eventId: string) => {
            if (!swept) {
              swept = true;
              await target.deleteExpired({ olderThan: T0 + DAY, batchSize: 100 });
            }
            return target.getEvent(accountId, eventId);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as Store;
    const again = await publishEvent(
      { store: racing, clock, onPublished: () => {} },
      { accountId: account.id, body, idempotencyKey: "k-1" },
    );
    expect(swept).toBe(true);
    expect(again.kind).toBe("published");
    const third = await publishEvent(
      { store, clock, onPublished: () => {} },
      { accountId: account.id, body, idempotencyKey: "k-1" },
    );
    expect(third.kind).toBe("duplicate");
  });
});
