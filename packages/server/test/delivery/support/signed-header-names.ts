/** The headers of a signed delivery, spelled as on the wire, sorted: both signatures and their ids. */
export const SIGNED_HEADER_NAMES: readonly string[] = [
  "Content-Type",
  "User-Agent",
  "X-VoiceHire-Event",
  "X-VoiceHire-Event-Id",
  "X-VoiceHire-Attempt",
  "X-VoiceHire-Signature",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
].sort();
