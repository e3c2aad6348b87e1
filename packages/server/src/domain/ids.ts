import { fillBase32Digits } from "./random-bytes-pool.js";

/**
 * Ids are a type prefix plus a ULID-like body: 10 characters of millisecond time then 16 random ones,
 * in Crockford base32. They sort by creation time, so "newest first" is "greatest id first", and ids
 * made in the same millisecond by this process still sort in creation order (monotonic).
 */
export type IdPrefix = "acc" | "key" | "ep" | "evt" | "dlv" | "att" | "rcv";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

let lastTime = -1;
let lastTimeText = "";
const lastRandom = new Uint8Array(16);

function encodeTime(time: number): string {
  let out = "";
  let rest = time;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(): string {
  let out = "";
  for (let i = 0; i < 16; i++) out += ALPHABET[lastRandom[i] as number];
  return out;
}

function freshRandom(): void {
  fillBase32Digits(lastRandom);
}

/** Adds one to the random part, so ids of one millisecond keep increasing. */
function increment(): void {
  for (let i = 15; i >= 0; i--) {
    const digit = lastRandom[i] as number;
    if (digit < 31) {
      lastRandom[i] = digit + 1;
      return;
    }
    lastRandom[i] = 0;
  }
  freshRandom();
}

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  const time = Math.max(now, lastTime);
  if (time === lastTime) increment();
  else {
    freshRandom();
    lastTime = time;
    lastTimeText = encodeTime(time);
  }
  return `${prefix}_${lastTimeText}${encodeRandom()}`;
}

/**
 * A string that sorts before (or equal to) every id of `prefix` made at `time` or later, and after every
 * one made before it: a cheap index bound for "created at or after `time`".
 */
export function smallestIdAt(prefix: IdPrefix, time: number): string {
  return `${prefix}_${encodeTime(Math.max(0, Math.floor(time)))}`;
}
