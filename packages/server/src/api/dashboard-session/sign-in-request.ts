import { type ObjectSchema, validateJson } from "@voicehire/webhooks";

/** The body of `POST /dashboard/session`: what the sign-in reads, and what its documentation shows. */
export const signInRequestSchema: ObjectSchema = {
  type: "object",
  properties: {
    api_key: {
      type: "string",
      minLength: 1,
      description: "An account's API key (`vhk_...`); admin keys cannot sign in.",
    },
  },
  required: ["api_key"],
};

/**
 * The API key a sign-in body carries, trimmed, or undefined when there is none. The sign-in answers
 * every shape of missing key with the same 400 naming `api_key`, so the issues themselves are not kept.
 */
export function signInKeyOf(body: unknown): string | undefined {
  if (validateJson(signInRequestSchema, body).length > 0) return undefined;
  const key = (body as { api_key: string }).api_key.trim();
  return key === "" ? undefined : key;
}
