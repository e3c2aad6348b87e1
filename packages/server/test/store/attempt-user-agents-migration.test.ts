/**
 * Migration 015 on an embedded store made by the version before it: attempts that spelled out their user
 * agent read back the same once it is stored by number, each user agent stored once; attempts recorded
 * since hold the number only.
 */
import { afterEach, describe, expect, it } from "vitest";
import { attemptView } from "../../src/api/representations.js";
import type { AttemptRecord } from "../../src/domain/types.js";
import { givenTwoDeliveriesAtVersion7 } from "./attempt-log/deliveries-at-version-7.js";
import {
  attemptOf,
  OUTCOME_COLUMNS,
  outcomeValuesOf,
  sentHeaders,
  USER_AGENT,
  viewsOf,
} from "./attempt-log/recorded-attempts.js";
import {
  migrationVersion,
  type StoreAtVersion,
  sqliteStoreAtVersion,
} from "./attempt-log/store-at-version.js";
import { T0 } from "./conformance/fixtures.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const NEXT_VERSION = "VoiceHire-Webhooks/0.1.0";

/** Writes an attempt as the store did before migration 015: request headers rebuilt, user agent spelled out. */
async function insertBeforeUserAgentNumbers(
  s: StoreAtVersion,
  attempt: AttemptRecord,
  signed: boolean,
  userAgent: string,
) {
  await s.query(
    `INSERT INTO attempts (${OUTCOME_COLUMNS}, request_signed, user_agent, request_headers, response_headers)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
    [
      ...outcomeValuesOf(attempt),
      signed ? 1 : 0,
      userAgent,
      attempt.responseHeaders === undefined ? null : JSON.stringify(attempt.responseHeaders),
    ],
  );
}

describe("attempts across migration 015 (SQLite)", () => {
  it("keeps every attempt's user agent, stores each once, and new attempts by number", async () => {
    // Delivery rows in SQL, as the versions before 015 wrote them (today's adapter keys them by number).
    const s = await sqliteStoreAtVersion(migrationVersion("attempt-user-agents") - 1);
    cleanups.push(() => s.cleanup());
    const { accountId, signed, unsigned } = await givenTwoDeliveriesAtVersion7(s, T0);
    // Two versions sent these: the signing endpoint's attempt by the older, the other's by the newer.
    const older = attemptOf(signed, T0 + 10, {
      requestHeaders: sentHeaders(signed, T0 + 10, true, USER_AGENT),
      responseHeaders: { "x-request-id": "r-1" },
    });
    const newer = attemptOf(unsigned, T0 + 20, {
      requestHeaders: sentHeaders(unsigned, T0 + 20, false, NEXT_VERSION),
    });
    await insertBeforeUserAgentNumbers(s, older, true, USER_AGENT);
    await insertBeforeUserAgentNumbers(s, newer, false, NEXT_VERSION);

    await s.store.migrate();

    expect(await viewsOf(s, accountId, signed.deliveryId)).toEqual([attemptView(older)]);
    expect(await viewsOf(s, accountId, unsigned.deliveryId)).toEqual([attemptView(newer)]);
    const agents = await s.query("SELECT value FROM user_agents ORDER BY value", []);
    expect(agents.map((row) => row.value)).toEqual([USER_AGENT, NEXT_VERSION]);
    const columns = await s.query("SELECT name FROM pragma_table_info('attempts')", []);
    expect(columns.map((row) => row.name)).not.toContain("user_agent");

    // A retry by the older version again: the same number, no second copy of the string.
    const retry = attemptOf({ ...signed, attemptNumber: 2 }, T0 + 30, {
      requestHeaders: sentHeaders({ ...signed, attemptNumber: 2 }, T0 + 30, true, USER_AGENT),
    });
    await s.store.recordAttemptResults([
      { workerId: "worker-1", attempt: retry, next: { status: "failed" } },
    ]);
    expect(await viewsOf(s, accountId, signed.deliveryId)).toEqual([attemptView(older), attemptView(retry)]);
    const numbers = await s.query(
      "SELECT count(*) AS agents, (SELECT count(DISTINCT user_agent_id) FROM attempts) AS used FROM user_agents",
      [],
    );
    expect(numbers).toEqual([{ agents: 2, used: 2 }]);
  });
});
