import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { EpochMs } from "../../src/domain/types.js";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { finishAll } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "./conformance/fixtures.js";

/**
 * Candidate ids are indexed in batches on the embedded store (migration 018): whatever the interleaving
 * of publishes and retention, a listing by candidate finds exactly the deliveries of the events that
 * carry it, in their account, and the index holds exactly the events up to its mark. A publish that
 * cannot be written (an event id already stored) leaves nothing behind, the mark included.
 */

const BATCH_EVENTS = 3;
/** Ids as a caller may send them: empty, long enough to overflow a page, outside the BMP. */
const CANDIDATES = ["cand_1", "", "c".repeat(5_000), "candidat-é-😀"] as const;
const YEAR_10000 = Date.UTC(10_000, 0, 1);
const TYPE = "candidate.added";

interface ModelEvent {
  readonly id: string;
  readonly account: number;
  readonly candidate: string | null;
  readonly createdAt: EpochMs;
}

interface Model {
  events: ModelEvent[];
}

interface Real {
  readonly store: Store;
  readonly raw: Database.Database;
  readonly accounts: readonly string[];
  now: EpochMs;
}

type Command = fc.AsyncCommand<Model, Real>;

/** The index's rows are the events up to the mark that carry a candidate, no more and no fewer. */
function checkIndex(real: Real): void {
  const mark = real.raw.prepare("SELECT indexed_through FROM event_candidates_mark").pluck().get() as number;
  const max = real.raw.prepare("SELECT coalesce(max(number), 0) FROM events").pluck().get() as number;
  expect(mark, "the mark never stands above the greatest event number").toBeLessThanOrEqual(Math.max(max, 0));
  const indexed = real.raw
    .prepare("SELECT candidate_id, event_number FROM event_candidates ORDER BY 2")
    .raw()
    .all();
  const expected = real.raw
    .prepare(
      "SELECT candidate_id, number FROM events WHERE number <= ? AND candidate_id IS NOT NULL ORDER BY 2",
    )
    .raw()
    .all(mark);
  expect(indexed).toEqual(expected);
}

async function checkListings(model: Model, real: Real): Promise<void> {
  for (const [account, accountId] of real.accounts.entries()) {
    for (const candidate of CANDIDATES) {
      const listed = await real.store.listDeliveries(accountId, { limit: 1_000, candidateId: candidate });
      const expected = model.events
        .filter((e) => e.account === account && e.candidate === candidate)
        .map((e) => e.id);
      expect(listed.map((d) => d.eventId).sort(), `${candidate} of account ${account}`).toEqual(
        expected.sort(),
      );
    }
  }
  checkIndex(real);
}

class Publish implements Command {
  constructor(readonly items: readonly { account: number; candidate: string | null }[]) {}
  check = () => true;
  async run(model: Model, real: Real) {
    real.now += 1_000;
    const now = real.now;
    const inputs = this.items.map(({ account, candidate }) => ({
      item: { account, candidate },
      event: newEvent(TYPE, { candidateId: candidate }),
    }));
    await real.store.publishMany(
      inputs.map(({ item, event }) => ({
        accountId: real.accounts[item.account] as string,
        idempotencyKey: null,
        events: [event],
        campaignId: null,
        now,
      })),
    );
    for (const { item, event } of inputs) model.events.push({ id: event.id, ...item, createdAt: now });
    const lag = real.raw
      .prepare("SELECT (SELECT max(number) FROM events) - indexed_through FROM event_candidates_mark")
      .pluck()
      .get() as number;
    expect(lag, "a publish leaves fewer than a batch of events above the mark").toBeLessThan(BATCH_EVENTS);
    await checkListings(model, real);
  }
  toString = () => `publish(${JSON.stringify(this.items)})`;
}

/** A group whose last event repeats a stored id: the whole transaction is refused, batch or not. */
class PoisonedPublish implements Command {
  constructor(readonly items: readonly { account: number; candidate: string | null }[]) {}
  check = (model: Readonly<Model>) => model.events.length > 0;
  async run(model: Model, real: Real) {
    real.now += 1_000;
    const stored = model.events[model.events.length - 1] as ModelEvent;
    const before = real.raw.prepare("SELECT indexed_through FROM event_candidates_mark").pluck().get();
    const inputs = [
      ...this.items.map(({ account, candidate }) => ({
        account,
        event: newEvent(TYPE, { candidateId: candidate }),
      })),
      { account: stored.account, event: newEvent(TYPE, { id: stored.id, candidateId: stored.candidate }) },
    ];
    await expect(
      real.store.publishMany(
        inputs.map(({ account, event }) => ({
          accountId: real.accounts[account] as string,
          idempotencyKey: null,
          events: [event],
          campaignId: null,
          now: real.now,
        })),
      ),
    ).rejects.toThrow();
    expect(real.raw.prepare("SELECT indexed_through FROM event_candidates_mark").pluck().get()).toBe(before);
    await checkListings(model, real);
  }
  toString = () => `poisoned(${JSON.stringify(this.items)})`;
}

/** Finishes every delivery, then retention deletes the `count` oldest events (all of them, possibly). */
class Expire implements Command {
  constructor(readonly count: number) {}
  check = (model: Readonly<Model>) => model.events.length > 0;
  async run(model: Model, real: Real) {
    real.now += 1_000;
    await finishAll(real.store, real.now, "succeeded");
    const kept = model.events.slice(Math.min(this.count, model.events.length));
    const olderThan = kept[0]?.createdAt ?? real.now + 1;
    for (let round = 0; round < 100; round++) {
      const outcome = await real.store.deleteExpired({ olderThan, batchSize: 4 });
      if (!outcome.more) break;
    }
    model.events = model.events.filter((e) => e.createdAt >= olderThan);
    await checkListings(model, real);
  }
  toString = () => `expire(${this.count})`;
}

const item = fc.record({
  account: fc.integer({ min: 0, max: 1 }),
  candidate: fc.option(fc.constantFrom(...CANDIDATES), { nil: null, freq: 4 }),
});
const commands = [
  item.chain((first) => fc.array(item, { maxLength: 4 }).map((rest) => new Publish([first, ...rest]))),
  fc.integer({ min: 1, max: 30 }).map((count) => new Expire(count)),
  fc.array(item, { minLength: 2, maxLength: 5 }).map((items) => new PoisonedPublish(items)),
];

describe("candidate ids indexed in batches (SQLite)", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("lists exactly each candidate's deliveries through publishes, batches and retention", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.commands(commands, { maxCommands: 40 }),
        fc.constantFrom(T0, YEAR_10000),
        async (cmds, start) => {
          const dir = mkdtempSync(join(tmpdir(), "voicehire-candidates-"));
          dirs.push(dir);
          const file = join(dir, "store.db");
          const store = openSqliteStore({ file, candidateIndexBatchEvents: BATCH_EVENTS });
          await store.migrate();
          const raw = new Database(file, { readonly: true });
          try {
            const accounts: string[] = [];
            for (let k = 0; k < 2; k++) {
              const account = await givenAccount(store);
              await givenEndpoint(store, account.id, [TYPE]);
              accounts.push(account.id);
            }
            await fc.asyncModelRun(
              () => ({ model: { events: [] }, real: { store, raw, accounts, now: start } }),
              cmds,
            );
          } finally {
            raw.close();
            await store.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
