import { readFileSync } from "node:fs";

export interface VoiceHireVector {
  readonly description: string;
  readonly secret: string;
  readonly body: string;
  readonly signature: string;
}

export interface StandardVector {
  readonly description: string;
  readonly secret: string;
  readonly secretFormat: "raw" | "whsec";
  readonly id: string;
  readonly timestamp: number;
  readonly body: string;
  readonly signature: string;
}

export interface RotationVector {
  readonly description: string;
  readonly secrets: readonly string[];
  readonly id: string;
  readonly timestamp: number;
  readonly body: string;
  readonly voicehireSignatures: readonly string[];
  readonly signature: string;
}

export interface SignatureVectors {
  readonly voicehire: readonly VoiceHireVector[];
  readonly standard: readonly StandardVector[];
  readonly standardRotation: readonly RotationVector[];
}

export const vectors = JSON.parse(
  readFileSync(new URL("../../vectors/signatures.json", import.meta.url), "utf8"),
) as SignatureVectors;
