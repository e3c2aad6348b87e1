/** Web Crypto only, so signatures check on Node 20+, Deno, Bun, Workers and browsers. */
export function subtle(): SubtleCrypto {
  const webCrypto = (globalThis as { crypto?: Crypto }).crypto;
  if (webCrypto?.subtle === undefined) {
    throw new Error(
      "@voicehire/webhooks: Web Crypto (globalThis.crypto.subtle) is not available in this runtime",
    );
  }
  return webCrypto.subtle;
}

/** Web Crypto's types want views of a plain `ArrayBuffer`; every view we pass is one or is copied. */
export function plain(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
