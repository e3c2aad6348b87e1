import type { verifySignature } from "@voicehire/webhooks";
import { now } from "./deliveries.js";

/** A verification's outcome as one word: "ok" or its error code, so a test can compare outcomes. */
export const codeOf = (result: Awaited<ReturnType<typeof verifySignature>>) =>
  result.ok ? "ok" : result.error.code;

/** Verification of X-VoiceHire-Signature alone, at the deliveries' clock. */
export const voicehire = { scheme: "voicehire", now } as const;
