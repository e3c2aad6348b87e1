import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Logger } from "../../src/domain/logger.js";
import type { Store } from "../../src/store/port.js";
import { checkpointInBackground } from "../../src/store/sqlite/background-checkpoints.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { WAL_AUTOCHECKPOINT_PAGES } from "../../src/store/sqlite/wal-autocheckpoint.js";
import { startWalCheckpointer } from "../../src/store/sqlite/wal-checkpointer.js";
import { waitFor } from "../support/wait-for.js";
import { readWalIndex } from "../support/wal-index.js";
import { givenAccountWithEndpoint, publishOne, T0 } from "./conformance/fixtures.js";

const FAST = { intervalMs: 20, catchUpWalBytes: 64 * 1024 * 1024 };

/** A stand-in for the checkpoint thread: a real worker thread running `code` (an ES module). */
function threadCode(code: string): URL {
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** The thread's protocol from a stand-in that never checkpoints: ready, then one report of `walFrames`. */
const reportingThread = (walFrames: number) =>
  threadCode(`
    import { parentPort } from "node:worker_threads";
    parentPort.postMessage({ type: "ready", pageSize: 4096 });
    parentPort.postMessage({ type: "checkpoint", busy: false, walFrames: ${walFrames}, checkpointedFrames: 0 });
    parentPort.on("message", () => parentPort.close());
  `);

function recordingLogger() {
  const warnings: { fields: object; message: string }[] = [];
  const logger: Pick<Logger, "warn"> = { warn: (fields, message) => warnings.push({ fields, message }) };
  return { logger, warnings };
}

describe("SQLite WAL checkpoints on a thread of their own", () => {
  let dir = "";
  let file = "";
  const toClose: { close(): unknown }[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "voicehire-wal-checkpoints-"));
    file = join(dir, "store.sqlite");
  });
  afterEach(async () => {
    for (const opened of toClose.splice(0).reverse()) await opened.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function openStore(backgroundCheckpoints: typeof FAST | false): Promise<Store> {
    const store = openSqliteStore({ file, synchronous: "normal", backgroundCheckpoints });
    toClose.push(store);
    await store.migrate();
    return store;
  }

  async function publishSome(store: Store, count: number): Promise<void> {
    const { account } = await givenAccountWithEndpoint(store);
    for (let i = 0; i < count; i++) await publishOne(store, account.id, "campaign.created", T0 + i);
  }

  /** A WAL-mode connection of the test's own with a table of its own, `rows` commits written. */
  function rawDatabase(rows: number): Database.Database {
    const db = new Database(file);
    toClose.push(db);
    db.pragma("journal_mode = WAL");
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.exec("CREATE TABLE IF NOT EXISTS filler (body BLOB)");
    const insert = db.prepare("INSERT INTO filler (body) VALUES (?)");
    for (let i = 0; i < rows; i++) insert.run(Buffer.alloc(2000, i));
    return db;
  }

  const autocheckpoint = (db: Database.Database) => db.pragma("wal_autocheckpoint", { simple: true });

  it("without the thread, a few hundred commits stay in the WAL (below the commits' own checkpoint)", async () => {
    const store = await openStore(false);
    await publishSome(store, 300);
    const wal = readWalIndex(file);
    expect(wal?.walFrames).toBeGreaterThan(300);
    expect(wal?.backfilledFrames).toBe(0);
  });

  it("with the thread, the same commits are copied into the file, and the WAL is then written from its start", async () => {
    const store = await openStore(FAST);
    await publishSome(store, 300);
    // Copied by the thread: the service connection's commits never checkpoint below 10,000 pages.
    const copied = await waitFor("the thread to checkpoint the whole WAL", () => {
      const wal = readWalIndex(file);
      return wal !== null && wal.walFrames > 300 && wal.backfilledFrames === wal.walFrames ? wal : null;
    });
    await publishSome(store, 1);
    const after = readWalIndex(file);
    expect(after?.walFrames).toBeLessThan(copied.walFrames / 10); // reset, not appended to
  });

  it("close() ends the thread: the service connection is the last one, so it deletes the WAL", async () => {
    const store = openSqliteStore({ file, backgroundCheckpoints: FAST });
    await store.migrate();
    await publishSome(store, 50);
    await waitFor("the thread to checkpoint", () => (readWalIndex(file)?.backfilledFrames ?? 0) > 0);
    expect(existsSync(`${file}-wal`)).toBe(true);
    await store.close();
    expect(existsSync(`${file}-wal`)).toBe(false); // any connection left open would have kept it
    const reopened = openSqliteStore({ file });
    toClose.push(reopened);
    expect((await reopened.countDeliveriesByStatus()).pending).toBe(50);
  });

  it("turns the commits' own checkpoints off once the thread is ready, and on again when stopped", async () => {
    const db = rawDatabase(0);
    const ready = new Promise<void>((resolve) => {
      const checkpoints = checkpointInBackground(db, {
        logger: recordingLogger().logger,
        settings: FAST,
        start: (options, events) =>
          startWalCheckpointer(options, {
            ...events,
            onReady: (pageSize) => {
              events.onReady(pageSize);
              resolve();
            },
          }),
      });
      toClose.push({ close: () => checkpoints.stop() });
    });
    expect(autocheckpoint(db)).toBe(WAL_AUTOCHECKPOINT_PAGES);
    await ready;
    expect(autocheckpoint(db)).toBe(0);
    await toClose.pop()?.close();
    expect(autocheckpoint(db)).toBe(WAL_AUTOCHECKPOINT_PAGES);
  });

  it("keeps the commits' own checkpoints, and warns, when the thread cannot start", async () => {
    const db = rawDatabase(0);
    const { logger, warnings } = recordingLogger();
    const checkpoints = checkpointInBackground(db, {
      logger,
      settings: FAST,
      start: (options, events) =>
        startWalCheckpointer(
          { ...options, entry: new URL("file:///nonexistent/wal-checkpoint-thread.js") },
          events,
        ),
    });
    toClose.push({ close: () => checkpoints.stop() });
    await waitFor("the failure to be reported", () => warnings.length > 0);
    expect(warnings[0]?.message).toMatch(/checkpoint thread stopped.*commits checkpoint the WAL themselves/);
    expect(autocheckpoint(db)).toBe(WAL_AUTOCHECKPOINT_PAGES);
  });

  it("falls back, and warns, when the thread dies after it was ready", async () => {
    const db = rawDatabase(0);
    const { logger, warnings } = recordingLogger();
    let afterReady: unknown;
    const dying = threadCode(`
      import { parentPort } from "node:worker_threads";
      parentPort.postMessage({ type: "ready", pageSize: 4096 });
      setTimeout(() => { throw new Error("checkpoint thread crashed"); }, 0);
    `);
    const checkpoints = checkpointInBackground(db, {
      logger,
      settings: FAST,
      start: (options, events) =>
        startWalCheckpointer(
          { ...options, entry: dying },
          {
            ...events,
            onReady: (pageSize) => {
              events.onReady(pageSize);
              afterReady = autocheckpoint(db);
            },
          },
        ),
    });
    toClose.push({ close: () => checkpoints.stop() });
    await waitFor("the failure to be reported", () => warnings.length > 0);
    expect(afterReady).toBe(0);
    expect(autocheckpoint(db)).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(String((warnings[0]?.fields as { err?: unknown } | undefined)?.err)).toContain(
      "checkpoint thread crashed",
    );
  });

  it("checkpoints on the service connection itself when the thread reports a WAL past the bound", async () => {
    const db = rawDatabase(200);
    const before = readWalIndex(file);
    expect(before?.backfilledFrames).toBe(0);
    const checkpoints = checkpointInBackground(db, {
      logger: recordingLogger().logger,
      settings: { intervalMs: 20, catchUpWalBytes: 1000 * (4096 + 24) - 1 },
      start: (options, events) => startWalCheckpointer({ ...options, entry: reportingThread(1000) }, events),
    });
    toClose.push({ close: () => checkpoints.stop() });
    await waitFor(
      "the service connection to catch up",
      () => readWalIndex(file)?.backfilledFrames === before?.walFrames,
    );
  });

  it("leaves the WAL to the thread while it reports a WAL within the bound", async () => {
    const db = rawDatabase(200);
    let reported = false;
    const checkpoints = checkpointInBackground(db, {
      logger: recordingLogger().logger,
      settings: { intervalMs: 20, catchUpWalBytes: 1000 * (4096 + 24) },
      start: (options, events) =>
        startWalCheckpointer(
          { ...options, entry: reportingThread(1000) },
          {
            ...events,
            onCheckpoint: (result) => {
              events.onCheckpoint(result);
              reported = true;
            },
          },
        ),
    });
    toClose.push({ close: () => checkpoints.stop() });
    await waitFor("the report to be handled", () => reported);
    expect(readWalIndex(file)?.backfilledFrames).toBe(0);
  });

  it("warns, and does not throw out of the thread's message, when a catch-up checkpoint fails", async () => {
    const db = rawDatabase(20);
    // The service connection as an I/O error would leave it: its checkpoint throws.
    const failing = new Proxy(db, {
      get(target, key) {
        if (key !== "pragma") return Reflect.get(target, key, target);
        return (source: string) => {
          if (source.startsWith("wal_checkpoint")) throw new Error("disk I/O error");
          return target.pragma(source);
        };
      },
    });
    const { logger, warnings } = recordingLogger();
    const checkpoints = checkpointInBackground(failing, {
      logger,
      settings: { intervalMs: 20, catchUpWalBytes: 1 },
      start: (options, events) => startWalCheckpointer({ ...options, entry: reportingThread(1000) }, events),
    });
    toClose.push({ close: () => checkpoints.stop() });
    await waitFor("the failed catch-up to be warned", () => warnings.length > 0);
    expect(warnings[0]?.message).toBe("a catch-up WAL checkpoint failed");
    expect(String((warnings[0]?.fields as { err?: unknown } | undefined)?.err)).toContain("disk I/O error");
  });
});
