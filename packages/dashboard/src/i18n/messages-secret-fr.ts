/** The signing secret panel's texts (reveal, copy, rotate, replace), in French (messages-secret-en.ts must have every key). */
export const secretFr = {
  "secret.title": "Secret de signature",
  "secret.help":
    "Votre serveur calcule le HMAC-SHA256 du corps reçu avec ce secret et le compare à X-VoiceHire-Signature.",
  "secret.none":
    "Cet endpoint ne signe pas ses webhooks : n’importe qui connaissant l’URL pourrait en envoyer de faux.",
  "secret.generate": "Générer un secret",
  "secret.reveal": "Afficher le secret",
  "secret.hide": "Masquer le secret",
  "secret.current": "Secret actuel",
  "secret.new": "Nouveau secret",
  "secret.previous_until": "L’ancien secret signe encore jusqu’au {date}.",
  "secret.rotate_title": "Rotation du secret",
  "secret.rotate_help":
    "Un nouveau secret est créé. Pendant la période de grâce, chaque webhook porte deux signatures dans webhook-signature (la nouvelle puis l’ancienne) : déployez le nouveau secret sur votre serveur sans perdre un seul webhook. X-VoiceHire-Signature utilise tout de suite le nouveau secret.",
  "secret.grace_period": "Période de grâce",
  "secret.grace_hours.one": "{count} heure",
  "secret.grace_hours.other": "{count} heures",
  "secret.grace_days.one": "{count} jour",
  "secret.grace_days.other": "{count} jours",
  "secret.rotate": "Faire la rotation",
  "secret.rotated": "Rotation faite. L’ancien secret reste accepté jusqu’au {date}.",
  "secret.replace_now": "Remplacer immédiatement, sans période de grâce",
  "secret.replace_confirm_title": "Remplacer le secret maintenant ?",
  "secret.replace_confirm_text":
    "L’ancien secret cesse immédiatement de signer : tant que votre serveur ne connaît pas le nouveau, il rejettera les webhooks.",
  "secret.replaced": "Secret remplacé. L’ancien ne signe plus.",
} as const;
