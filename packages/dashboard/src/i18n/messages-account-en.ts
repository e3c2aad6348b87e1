import type { settingsFr } from "./messages-account-fr";

/** The settings page's texts (credits threshold, API keys), in English; the type makes a missing or extra key a compile error. */
export const settingsEn: { readonly [K in keyof typeof settingsFr]: string } = {
  "settings.title": "Settings",
  "settings.credits_title": "Credits threshold",
  "settings.credits_help":
    "The credits.low event is sent when your balance goes below this threshold (10 by default), once per crossing.",
  "settings.threshold": "Threshold",
  "settings.threshold_invalid": "Enter a number zero or above.",
  "settings.keys_title": "API keys",
  "settings.keys_help":
    "Keys give access to your account’s API. A key is shown only once, when it is created.",
  "settings.key_name": "Key name",
  "settings.key_prefix": "Key starts with",
  "settings.key_created": "Created",
  "settings.key_actions": "Actions",
  "settings.key_current": "this session",
  "settings.create_key": "Create a key",
  "settings.key_once": "Copy this key now: it will never be shown again.",
  "settings.new_key": "New API key",
  "settings.revoke": "Revoke",
  "settings.revoke_label": "Revoke the key {name}",
  "settings.revoke_title": "Revoke this key?",
  "settings.revoke_text": "Programs using it will get a 401 error.",
  "settings.revoke_current": "This is the key of this session: you will be signed out.",
};
