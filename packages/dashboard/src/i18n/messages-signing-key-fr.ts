/** Les textes du schéma de signature et de la clé publique Ed25519, en français (la référence des clés). */
export const signingKeyFr = {
  "signing_key.scheme": "Schéma de webhook-signature",
  "signing_key.scheme_help":
    "HMAC : votre serveur vérifie avec le secret. Ed25519 : VoiceHire signe avec une paire de clés et votre serveur vérifie avec la clé publique seule, qui ne permet pas de signer. X-VoiceHire-Signature reste le HMAC du secret.",
  "signing_key.scheme_hmac": "HMAC-SHA256 (v1, par défaut)",
  "signing_key.scheme_ed25519": "Ed25519 (v1a, clé publique)",
  "signing_key.title": "Clé publique Ed25519",
  "signing_key.help":
    "Vérifiez les signatures v1a de webhook-signature avec cette clé. Elle n'est pas secrète : vous pouvez la publier.",
  "signing_key.public_key": "Clé publique",
  "signing_key.rotate": "Renouveler la paire de clés",
  "signing_key.rotate_help":
    "Une nouvelle paire est créée ; l'ancienne clé signe encore pendant 24 heures (deux signatures v1a), le temps de déployer la nouvelle clé publique.",
  "signing_key.rotated": "Paire renouvelée. L'ancienne clé signe encore jusqu'au {date}.",
};
