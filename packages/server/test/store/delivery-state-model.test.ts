import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { makePostgresTestStore, requirePostgres } from "../support/postgres.js";
import { givenAccount, givenEndpoint, T0 } from "./conformance/fixtures.js";
import {
  type Command,
  checked,
  checkInvariants,
  type DeliveryModel,
  deliveryCommands,
} from "./support/delivery-model.js";
import { replayCommands } from "./support/replayed-result.js";

/**
 * Model-based test of the delivery states: random interleavings of publish, claim, result (success,
 * failure, last failure), resend, recover, endpoint deletion, retention and lease expiry (the clock
 * moved past the lease), on each store, checking after every step that each delivery is succeeded,
 * failed, or pending with a due time; attempts are numbered without gaps; nothing is recorded twice;
 * a resend (or a recovery, for an attempt that fails) asked mid-flight is followed by another attempt.
 * On PostgreSQL, whose recording can commit while its answer is lost, a result may also be handed in
 * again, at any later step: a no-op.
 * The stores run with a circuit breaker that never opens: a pause legitimately moves due times past
 * `now`, and the circuit's own interleavings are checked by `conformance/endpoint-circuit-model.ts`.
 */
const NEVER_OPENS = { failureThreshold: Number.MAX_SAFE_INTEGER, cooldownMs: 1, maxCooldownMs: 1 };

async function runModel(
  open: () => Promise<{ store: Store; cleanup(): Promise<void> }>,
  runs: { readonly numRuns: number; readonly maxCommands: number },
  commands: readonly fc.Arbitrary<Command>[] = deliveryCommands,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.commands(
        commands.map((arbitrary) => arbitrary.map(checked)),
        { maxCommands: runs.maxCommands, size: "max" },
      ),
      async (commands) => {
        const { store, cleanup } = await open();
        try {
          const account = await givenAccount(store);
          const endpoints = [
            await givenEndpoint(store, account.id, ["campaign.created"]),
            await givenEndpoint(store, account.id, ["campaign.created"]),
          ];
          const model: DeliveryModel = {
            now: T0,
            workers: 0,
            accountId: account.id,
            endpointIds: endpoints.map((e) => e.id),
            deletedEndpoints: new Set(),
            recorded: new Map(),
            leaseOwner: new Map(),
            owed: new Map(),
            claims: [],
            answered: [],
          };
          await fc.asyncModelRun(() => ({ model, real: { store } }), commands);
          await checkInvariants(model, { store });
        } finally {
          await cleanup();
        }
      },
    ),
    { numRuns: runs.numRuns },
  );
}

const availability = await requirePostgres("packages/server/test/store/delivery-state-model.test.ts");

describe("delivery states under random interleavings (model-based)", () => {
  it("SQLite file", async () => {
    await runModel(
      async () => {
        const dir = await mkdtemp(join(tmpdir(), "vh-model-"));
        const store = openSqliteStore({
          file: join(dir, "model.sqlite"),
          synchronous: "normal",
          circuit: NEVER_OPENS,
        });
        await store.migrate();
        return {
          store,
          async cleanup() {
            await store.close();
            await rm(dir, { recursive: true, force: true });
          },
        };
      },
      { numRuns: 100, maxCommands: 40 },
    );
  }, 60_000);

  it.skipIf(!availability.run)(
    "PostgreSQL schema",
    async () => {
      await runModel(
        async () => {
          const made = await makePostgresTestStore({ poolSize: 2, circuit: NEVER_OPENS });
          return { store: made.store, cleanup: made.cleanup };
        },
        { numRuns: 30, maxCommands: 30 },
        [...deliveryCommands, ...replayCommands],
      );
    },
    90_000,
  );
});
