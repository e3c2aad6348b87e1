/**
 * Migration 008 on a store made by the version before it: every attempt recorded at migration 007
 * (request headers stored whole, response headers as answered) reads back with the same API view after
 * the migration, on both engines; and attempts recorded since are stored compact yet read the same.
 */
import { afterEach, describe, expect, it } from "vitest";
import { attemptView } from "../../src/api/representations.js";
import type { AttemptRecord } from "../../src/domain/types.js";
import { openPostgresStore } from "../../src/store/postgres/index.js";
import { copySqliteToPostgres } from "../../src/store/transfer/copy-sqlite-to-postgres.js";
import { dropSchema, freshSchemaName, postgresTestUrl, requirePostgres } from "../support/postgres.js";
import { givenTwoDeliveriesAtVersion7 } from "./attempt-log/deliveries-at-version-7.js";
import {
  attemptOf,
  givenTwoClaimedDeliveries,
  OUTCOME_COLUMNS,
  outcomeValuesOf,
  sentHeaders,
  USER_AGENT,
  viewsOf,
} from "./attempt-log/recorded-attempts.js";
import {
  enginesAtVersion,
  type StoreAtVersion,
  sqliteStoreAtVersion,
} from "./attempt-log/store-at-version.js";
import { T0 } from "./conformance/fixtures.js";

const availability = await requirePostgres("packages/server/test/store/compact-attempts-migration.test.ts");
const engines = enginesAtVersion(availability.run);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Writes an attempt exactly as the store did at migration 007. */
async function insertAsAtVersion7(s: StoreAtVersion, attempt: AttemptRecord): Promise<void> {
  const p = s.placeholder;
  await s.query(
    `INSERT INTO attempts (${OUTCOME_COLUMNS}, request_headers, response_headers)
     VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(p).join(", ")})`,
    [
      ...outcomeValuesOf(attempt),
      attempt.requestHeaders === undefined ? null : JSON.stringify(attempt.requestHeaders),
      attempt.responseHeaders === undefined ? null : JSON.stringify(attempt.responseHeaders),
    ],
  );
}

for (const engine of engines) {
  describe.runIf(engine.run)(`attempts across migration 008 (${engine.name})`, () => {
    it("reads every attempt recorded at migration 007 with the same API view", async () => {
      const s = await engine.open(7);
      cleanups.push(() => s.cleanup());
      const { accountId, signed, unsigned } = await givenTwoDeliveriesAtVersion7(s, T0);
      const recorded = [
        attemptOf(signed, T0 + 10, {
          requestHeaders: sentHeaders(signed, T0 + 10, true),
          responseHeaders: {
            "retry-after": "60",
            date: "Tue, 14 Nov 2023 22:13:20 GMT",
            connection: "close",
          },
        }),
        attemptOf({ ...signed, attemptNumber: 2 }, T0 + 2_000, {
          requestHeaders: sentHeaders(signed, T0 + 2_000, true),
        }),
        attemptOf(unsigned, T0 + 20, {
          requestHeaders: sentHeaders(unsigned, T0 + 20, false),
          responseHeaders: { "content-type": "text/plain" },
        }),
        // Made before request headers were kept, and headers of another shape: both kept as they were.
        attemptOf({ ...unsigned, attemptNumber: 2 }, T0 + 3_000, {}),
        attemptOf({ ...unsigned, attemptNumber: 3 }, T0 + 4_000, { requestHeaders: { "X-Custom": "1" } }),
      ];
      for (const attempt of recorded) await insertAsAtVersion7(s, attempt);
      // At migration 007 the adapter read these columns back as they were stored: that was the API view.
      const before = {
        signed: recorded.slice(0, 2).map(attemptView),
        unsigned: recorded.slice(2).map(attemptView),
      };

      await s.store.migrate();

      expect(await viewsOf(s, accountId, signed.deliveryId)).toEqual(before.signed);
      expect(await viewsOf(s, accountId, unsigned.deliveryId)).toEqual(before.unsigned);
      const [{ count }] = (await s.query("SELECT COUNT(*) AS count FROM attempts", [])) as [
        { count: unknown },
      ];
      expect(Number(count)).toBe(recorded.length);
    });

    it("stores an attempt of this version compact and reads back exactly what was recorded", async () => {
      const s = await engine.open(Number.MAX_SAFE_INTEGER);
      cleanups.push(() => s.cleanup());
      const { accountId, signed, unsigned } = await givenTwoClaimedDeliveries(s);
      const attempts = [
        attemptOf(signed, T0 + 10, {
          requestHeaders: sentHeaders(signed, T0 + 10, true),
          responseHeaders: { "x-request-id": "r-1" },
        }),
        attemptOf(unsigned, T0 + 11_999, { requestHeaders: sentHeaders(unsigned, T0 + 11_999, false) }),
      ];
      await s.store.recordAttemptResults(
        attempts.map((attempt) => ({ workerId: "worker-1", attempt, next: { status: "failed" } })),
      );
      expect(await viewsOf(s, accountId, signed.deliveryId)).toEqual([
        attemptView(attempts[0] as AttemptRecord),
      ]);
      expect(await viewsOf(s, accountId, unsigned.deliveryId)).toEqual([
        attemptView(attempts[1] as AttemptRecord),
      ]);
      // The embedded store keeps each user agent once, by number (migration 015).
      const rows = await s.query(
        engine.name === "SQLite"
          ? `SELECT a.request_headers, a.request_signed, u.value AS user_agent
             FROM attempts a LEFT JOIN user_agents u ON u.id = a.user_agent_id ORDER BY a.id`
          : "SELECT request_headers, request_signed, user_agent FROM attempts ORDER BY id",
        [],
      );
      expect(rows.map((row) => [row.request_headers, Boolean(row.request_signed), row.user_agent])).toEqual([
        [null, true, USER_AGENT],
        [null, false, USER_AGENT],
      ]);
    });
  });
}

describe.runIf(availability.run)("compact attempts copied to PostgreSQL (migrate-store)", () => {
  it("read the same on PostgreSQL as on the embedded store they came from", async () => {
    const s = await sqliteStoreAtVersion(Number.MAX_SAFE_INTEGER);
    cleanups.push(() => s.cleanup());
    const { accountId, signed, unsigned } = await givenTwoClaimedDeliveries(s);
    await s.store.recordAttemptResults(
      [
        attemptOf(signed, T0 + 10, { requestHeaders: sentHeaders(signed, T0 + 10, true) }),
        attemptOf(unsigned, T0 + 20, { requestHeaders: { "X-Custom": "1" }, responseHeaders: { a: "b" } }),
      ].map((attempt) => ({ workerId: "worker-1", attempt, next: { status: "failed" } })),
    );
    const embedded = [
      ...(await viewsOf(s, accountId, signed.deliveryId)),
      ...(await viewsOf(s, accountId, unsigned.deliveryId)),
    ];
    const schema = freshSchemaName();
    cleanups.push(() => dropSchema(schema));
    const copied = await copySqliteToPostgres({
      sqliteFile: s.sqliteFile ?? "",
      connectionString: postgresTestUrl(),
      schema,
    });
    expect(copied.kind).toBe("copied");
    const target = openPostgresStore({ connectionString: postgresTestUrl(), schema, poolSize: 1 });
    cleanups.push(() => target.close());
    const onPostgres = [
      ...(await target.listAttempts(accountId, signed.deliveryId)),
      ...(await target.listAttempts(accountId, unsigned.deliveryId)),
    ].map(attemptView);
    expect(onPostgres).toEqual(embedded);
  });
});
