/** The IPC messages between the scale test and its receiver process. */
export type ReceiverCommand =
  | {
      readonly id: number;
      readonly op: "listen";
      readonly ports: number;
      readonly secret: string;
      readonly answerDelayMs: number;
    }
  | { readonly id: number; readonly op: "total" }
  | { readonly id: number; readonly op: "counts" };

export interface ReceiverReply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

export interface ReceiverTotals {
  /** Requests received, repeats included. */
  readonly total: number;
  /** Requests whose X-VoiceHire-Signature did not match the endpoint secret. */
  readonly badSignatures: number;
}

export interface ReceiverCounts extends ReceiverTotals {
  /** `[<path> <event id>, requests]` for every delivery received at least once. */
  readonly counts: readonly (readonly [string, number])[];
}
