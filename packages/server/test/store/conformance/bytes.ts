import { expect } from "vitest";

/** Event bodies as tests write and compare them: the store keeps them byte for byte. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Hex of some bytes, so a mismatch prints readably and a Buffer compares equal to a Uint8Array. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

export function expectSameBytes(actual: Uint8Array | undefined, expected: Uint8Array): void {
  expect(actual).toBeInstanceOf(Uint8Array);
  expect(hex(actual ?? new Uint8Array())).toBe(hex(expected));
}
