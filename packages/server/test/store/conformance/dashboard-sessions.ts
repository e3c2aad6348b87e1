import fc from "fast-check";
import { expect } from "vitest";
import type { DashboardSessionRecord } from "../../../src/store/port/dashboard-sessions.js";
import { givenAccount, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

/** One step against the store and its model: sign in, sign out, purge, or look a session up. */
type Step =
  | { readonly kind: "create"; readonly account: 0 | 1; readonly lifetime: number }
  | { readonly kind: "end"; readonly pick: number; readonly asOwner: boolean }
  | { readonly kind: "purge"; readonly at: number }
  | { readonly kind: "find"; readonly pick: number; readonly at: number };

const at = fc.integer({ min: 0, max: 100 }).map((minutes) => T0 + minutes * 60_000);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("create" as const),
    account: fc.constantFrom(0 as const, 1 as const),
    lifetime: fc.integer({ min: 1, max: 100 }).map((minutes) => minutes * 60_000),
  }),
  fc.record({ kind: fc.constant("end" as const), pick: fc.nat(), asOwner: fc.boolean() }),
  fc.record({ kind: fc.constant("purge" as const), at }),
  fc.record({ kind: fc.constant("find" as const), pick: fc.nat(), at }),
);

export function describeDashboardSessions(makeStore: MakeStore): void {
  describeWithFreshStores("dashboard sessions", makeStore, (it) => {
    it("reads a session back until it expires, and never once it was ended", async (store) => {
      const account = await givenAccount(store);
      const session: DashboardSessionRecord = {
        id: "ses_one",
        accountId: account.id,
        keyHash: "hash-of-the-key",
        createdAt: T0,
        expiresAt: T0 + 1_000,
      };
      await store.createDashboardSession(session);
      expect(await store.findDashboardSession("ses_one", T0 + 999)).toEqual(session);
      expect(await store.findDashboardSession("ses_one", T0 + 1_000)).toBeUndefined();
      expect(await store.findDashboardSession("ses_unknown", T0)).toBeUndefined();
      expect(await store.endDashboardSession(account.id, "ses_one")).toBe(true);
      expect(await store.findDashboardSession("ses_one", T0)).toBeUndefined();
      expect(await store.endDashboardSession(account.id, "ses_one")).toBe(false);
    });

    it("any sequence of sign-ins, sign-outs and purges: the store answers as the model", async (store) => {
      const accounts = [(await givenAccount(store)).id, (await givenAccount(store)).id] as const;
      const model = new Map<string, DashboardSessionRecord>();
      let created = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
          for (const s of steps) {
            const ids = [...model.keys(), "ses_never"];
            if (s.kind === "create") {
              const session = {
                id: `ses_${created++}`,
                accountId: accounts[s.account],
                keyHash: `hash-${s.account}`,
                createdAt: T0,
                expiresAt: T0 + s.lifetime,
              };
              await store.createDashboardSession(session);
              model.set(session.id, session);
            } else if (s.kind === "end") {
              const id = ids[s.pick % ids.length] as string;
              const owner = model.get(id)?.accountId ?? accounts[0];
              // Another account's id behaves like an unknown one: its session stays.
              const asking = s.asOwner ? owner : owner === accounts[0] ? accounts[1] : accounts[0];
              const ends = s.asOwner && model.has(id);
              expect(await store.endDashboardSession(asking, id)).toBe(ends);
              if (ends) model.delete(id);
            } else if (s.kind === "purge") {
              const expired = [...model.values()].filter((m) => m.expiresAt <= s.at);
              expect(await store.deleteExpiredDashboardSessions(s.at)).toBe(expired.length);
              for (const m of expired) model.delete(m.id);
            } else {
              const id = ids[s.pick % ids.length] as string;
              const known = model.get(id);
              const live = known !== undefined && known.expiresAt > s.at ? known : undefined;
              expect(await store.findDashboardSession(id, s.at)).toEqual(live);
            }
          }
        }),
        { numRuns: 40 },
      );
    });
  });
}
