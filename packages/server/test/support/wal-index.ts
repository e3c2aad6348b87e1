import { closeSync, openSync, readSync } from "node:fs";
import { endianness } from "node:os";

/** What the WAL index (`<file>-shm`) says of the WAL, read without a connection (so without side effects). */
export interface WalIndexState {
  /** Frames in the WAL now: it drops back when a commit writes the WAL again from its start. */
  readonly walFrames: number;
  /** Of those, how many a checkpoint has copied into the database file. */
  readonly backfilledFrames: number;
}

/**
 * Reads the WAL index header (https://www.sqlite.org/walformat.html: mxFrame at byte 16, nBackfill at
 * byte 96, in the machine's byte order); null when there is no WAL index.
 */
export function readWalIndex(databaseFile: string): WalIndexState | null {
  let fd: number;
  try {
    fd = openSync(`${databaseFile}-shm`, "r");
  } catch {
    return null;
  }
  try {
    const header = Buffer.alloc(136);
    if (readSync(fd, header, 0, header.length, 0) < header.length) return null;
    const u32 = (offset: number) =>
      new DataView(header.buffer, header.byteOffset, header.length).getUint32(offset, endianness() === "LE");
    return { walFrames: u32(16), backfilledFrames: u32(96) };
  } finally {
    closeSync(fd);
  }
}
