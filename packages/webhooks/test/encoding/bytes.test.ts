import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyBytes, fromBase64, fromHex, toBase64, toHex } from "../../src/encoding/bytes.js";

describe("byte encodings (Web-only, no Buffer)", () => {
  it("agree with Node's Buffer on every byte string", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        expect(toHex(bytes)).toBe(buffer.toString("hex"));
        expect(toBase64(bytes)).toBe(buffer.toString("base64"));
        expect(fromHex(buffer.toString("hex"))).toEqual(bytes);
        expect(fromHex(buffer.toString("hex").toUpperCase())).toEqual(bytes);
        expect(fromBase64(buffer.toString("base64"))).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("refuse what is not canonical hex or padded base64", () => {
    for (const bad of ["abc", "zz", "0x12", " 12"]) expect(fromHex(bad), bad).toBeNull();
    for (const bad of ["abc", "ab=c", "a===", "YQ", "YQ=", "Y Q==", "YQ==YQ==", "-_8="])
      expect(fromBase64(bad), bad).toBeNull();
  });

  it("take a body as text, bytes or an ArrayBuffer", () => {
    expect(bodyBytes("é")).toEqual(new Uint8Array([0xc3, 0xa9]));
    const bytes = new Uint8Array([1, 2, 3]);
    expect(bodyBytes(bytes)).toBe(bytes);
    expect(bodyBytes(bytes.buffer)).toEqual(bytes);
  });
});
