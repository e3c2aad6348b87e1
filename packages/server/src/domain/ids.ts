import { randomBase32Digits } from "./random-bytes-pool.js";

/**
 * Ids are a type prefix plus a ULID-like body: 10 characters of millisecond time then 16 random ones,
 * in Crockford base32. They sort by creation time, so "newest first" is "greatest id first", and ids
 * made in the same millisecond by this process still sort in creation order (monotonic).
 */
export type IdPrefix = "acc" | "key" | "ep" | "evt" | "dlv" | "att" | "rcv";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(time: number): string {
  let out = "";
  let rest = time;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function freshRandom(): number[] {
  return randomBase32Digits(16);
}

/** Adds one to the random part, so ids of one millisecond keep increasing. */
function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    const digit = next[i] ?? 0;
    if (digit < 31) {
      next[i] = digit + 1;
      return next;
    }
    next[i] = 0;
  }
  return freshRandom();
}

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  const time = Math.max(now, lastTime);
  lastRandom = time === lastTime ? increment(lastRandom) : freshRandom();
  lastTime = time;
  return `${prefix}_${encodeTime(time)}${lastRandom.map((d) => ALPHABET[d]).join("")}`;
}

/**
 * A string that sorts before (or equal to) every id of `prefix` made at `time` or later, and after every
 * one made before it: a cheap index bound for "created at or after `time`".
 */
export function smallestIdAt(prefix: IdPrefix, time: number): string {
  return `${prefix}_${encodeTime(Math.max(0, Math.floor(time)))}`;
}
