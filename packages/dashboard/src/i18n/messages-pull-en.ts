import type { pullFr } from "./messages-pull-fr";

/** The pull endpoint panel's texts, in English; the type makes a missing or extra key a compile error. */
export const pullEn: { readonly [K in keyof typeof pullFr]: string } = {
  "pull.title": "Pull reading",
  "pull.help":
    "This endpoint has no URL: nothing is sent, its events are kept for you. Read them with GET /v1/endpoints/{id}/events?after=<cursor>, or with the SDK's pullEvents.",
  "pull.backlog.one": "{count} event waiting (not yet confirmed by a cursor)",
  "pull.backlog.other": "{count} events waiting (not yet confirmed by a cursor)",
  "pull.last_read": "Last read: {date}",
  "pull.never_read": "Never read yet.",
  "pull.create_choice": "Pull endpoint: no URL, you read its events with the API",
  "pull.kind": "Pull endpoint",
};
