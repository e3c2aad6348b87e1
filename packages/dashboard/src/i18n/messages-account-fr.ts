/** The settings page's texts (credits threshold, API keys), in French (messages-account-en.ts must have every key). */
export const settingsFr = {
  "settings.title": "Paramètres",
  "settings.credits_title": "Seuil de crédits",
  "settings.credits_help":
    "L’événement credits.low est envoyé quand votre solde passe sous ce seuil (10 par défaut), une fois par passage.",
  "settings.threshold": "Seuil",
  "settings.threshold_invalid": "Saisissez un nombre positif ou nul.",
  "settings.keys_title": "Clés API",
  "settings.keys_help":
    "Les clés donnent accès à l’API de votre compte. Une clé n’est affichée qu’une fois, à sa création.",
  "settings.key_name": "Nom de la clé",
  "settings.key_prefix": "Début de la clé",
  "settings.key_created": "Créée le",
  "settings.key_actions": "Actions",
  "settings.key_current": "cette session",
  "settings.create_key": "Créer une clé",
  "settings.key_once": "Copiez cette clé maintenant : elle ne sera plus jamais affichée.",
  "settings.new_key": "Nouvelle clé API",
  "settings.revoke": "Révoquer",
  "settings.revoke_label": "Révoquer la clé {name}",
  "settings.revoke_title": "Révoquer cette clé ?",
  "settings.revoke_text": "Les programmes qui l’utilisent recevront une erreur 401.",
  "settings.revoke_current": "C’est la clé de cette session : vous serez déconnecté.",
} as const;
