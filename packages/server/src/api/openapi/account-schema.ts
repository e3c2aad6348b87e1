import { id, object, text, time } from "./doc-schemas.js";

/** A customer account, as the API shows it. */
export const account = object(
  {
    id: id("acc", "The account's id."),
    name: text("The account's name."),
    credits_threshold: {
      type: "number",
      minimum: 0,
      description: "`credits.low` fires when the balance goes below this.",
    },
    created_at: time("When the account was created."),
  },
  "A VoiceHire customer account.",
);
