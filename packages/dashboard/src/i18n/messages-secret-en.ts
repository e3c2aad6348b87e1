import type { secretFr } from "./messages-secret-fr";

/** The signing secret panel's texts (reveal, copy, rotate, replace), in English; the type makes a missing or extra key a compile error. */
export const secretEn: { readonly [K in keyof typeof secretFr]: string } = {
  "secret.title": "Signing secret",
  "secret.help":
    "Your server computes the HMAC-SHA256 of the body it receives with this secret and compares it with X-VoiceHire-Signature.",
  "secret.none": "This endpoint does not sign its webhooks: anyone who knows the URL could send fake ones.",
  "secret.generate": "Generate a secret",
  "secret.reveal": "Show the secret",
  "secret.hide": "Hide the secret",
  "secret.current": "Current secret",
  "secret.new": "New secret",
  "secret.previous_until": "The previous secret still signs until {date}.",
  "secret.rotate_title": "Rotate the secret",
  "secret.rotate_help":
    "A new secret is created. During the grace period, every webhook carries two signatures in webhook-signature (the new one, then the old one): deploy the new secret to your server without losing a single webhook. X-VoiceHire-Signature uses the new secret at once.",
  "secret.grace_period": "Grace period",
  "secret.grace_hours.one": "{count} hour",
  "secret.grace_hours.other": "{count} hours",
  "secret.grace_days.one": "{count} day",
  "secret.grace_days.other": "{count} days",
  "secret.rotate": "Rotate",
  "secret.rotated": "Rotated. The previous secret stays accepted until {date}.",
  "secret.replace_now": "Replace now, without a grace period",
  "secret.replace_confirm_title": "Replace the secret now?",
  "secret.replace_confirm_text":
    "The previous secret stops signing at once: until your server knows the new one, it will reject the webhooks.",
  "secret.replaced": "Secret replaced. The previous one no longer signs.",
};
