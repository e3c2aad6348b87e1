import { both, codeBlock, type DocLanguage, pick } from "./doc-language.js";
import {
  pythonFlaskExample,
  typescriptConstructEventExample,
  typescriptHandlerExample,
} from "./verification-examples.js";

const text = {
  title: both("Vérifier la signature", "Verifying the signature"),
  intro: both(
    "Si vous avez configuré un secret partagé, VoiceHire signe chaque webhook avec HMAC-SHA256, de deux façons équivalentes ; vérifiez-en une :",
    "If you set a shared secret, VoiceHire signs every webhook with HMAC-SHA256, in two equivalent ways; check either one:",
  ),
  schemes: [
    both(
      "`X-VoiceHire-Signature: sha256=<hex>` : le HMAC-SHA256 des **octets exacts du corps**, en hexadécimal minuscule, avec pour clé les octets UTF-8 du secret. Calculez-le sur le corps brut, jamais sur du JSON re-sérialisé, et comparez en temps constant.",
      "`X-VoiceHire-Signature: sha256=<hex>`: the HMAC-SHA256 of the **exact body bytes**, in lowercase hex, keyed with the secret’s UTF-8 bytes. Compute it on the raw body, never on re-serialized JSON, and compare in constant time.",
    ),
    both(
      "[Standard Webhooks](https://www.standardwebhooks.com/) (`webhook-id`, `webhook-timestamp`, `webhook-signature`) : même secret, utilisé tel quel comme clé (ses octets UTF-8, sans décodage `whsec_`). Cette signature couvre aussi l’horodatage : refusez un `webhook-timestamp` à plus de 5 minutes de votre horloge pour bloquer les rejeux. Pendant une rotation de secret, l’en-tête porte une signature par secret actif.",
      "[Standard Webhooks](https://www.standardwebhooks.com/) (`webhook-id`, `webhook-timestamp`, `webhook-signature`): the same secret, used as is as the key (its UTF-8 bytes, no `whsec_` decoding). This signature also covers the timestamp: refuse a `webhook-timestamp` more than 5 minutes away from your clock to stop replays. During a secret rotation the header carries one signature per active secret.",
    ),
  ],
  ed25519: both(
    '**Signatures asymétriques (Ed25519).** Un endpoint créé avec `"signature_scheme": "ed25519"` reçoit dans `webhook-signature` des signatures `v1a,<base64>` ([Standard Webhooks](https://www.standardwebhooks.com/)) du même contenu `<webhook-id>.<webhook-timestamp>.<corps>`, faites avec une paire de clés que VoiceHire génère et garde chiffrée. Votre serveur vérifie avec la clé publique de l’endpoint (`whpk_` suivi de la clé brute de 32 octets en base64, affichée par le tableau de bord et l’API) : elle ne permet pas de signer, elle n’a donc pas à rester secrète. Avec `@voicehire/webhooks`, passez-la à la place du secret : `{ publicKey: "whpk_..." }`. `X-VoiceHire-Signature` reste le HMAC du secret si l’endpoint en a un. Pour renouveler la paire, `POST /v1/endpoints/{id}/signing-key/rotate` : pendant la période de grâce (24 h par défaut), l’en-tête porte une signature `v1a` par clé, la nouvelle d’abord.',
    '**Asymmetric signatures (Ed25519).** An endpoint created with `"signature_scheme": "ed25519"` gets `v1a,<base64>` signatures ([Standard Webhooks](https://www.standardwebhooks.com/)) in `webhook-signature`, over the same `<webhook-id>.<webhook-timestamp>.<body>` content, made with a key pair VoiceHire generates and keeps encrypted. Your server verifies with the endpoint’s public key (`whpk_` followed by the raw 32-byte key in base64, shown by the dashboard and the API): it cannot sign, so it need not stay secret. With `@voicehire/webhooks`, pass it instead of the secret: `{ publicKey: "whpk_..." }`. `X-VoiceHire-Signature` stays the HMAC of the secret when the endpoint has one. To renew the pair, `POST /v1/endpoints/{id}/signing-key/rotate`: during the grace period (24 h by default), the header carries one `v1a` signature per key, the new one first.',
  ),
  typescriptTitle: both(
    "TypeScript / JavaScript (`@voicehire/webhooks`)",
    "TypeScript / JavaScript (`@voicehire/webhooks`)",
  ),
  typescript: both(
    "`npm install @voicehire/webhooks` (sans dépendance ; Node.js 20+, Deno, Bun, Cloudflare Workers, Next.js). Le gestionnaire vérifie la signature Standard Webhooks et son horodatage, type chaque événement et ignore les doublons :",
    "`npm install @voicehire/webhooks` (no dependencies; Node.js 20+, Deno, Bun, Cloudflare Workers, Next.js). The handler verifies the Standard Webhooks signature and its timestamp, types each event, and skips duplicates:",
  ),
  typescriptMore: both(
    "Le README du paquet donne les middlewares Express, Fastify, Next.js et Hono. `constructEvent` convient à tout le reste :",
    "The package README has the Express, Fastify, Next.js and Hono middleware. `constructEvent` fits everything else:",
  ),
  pythonTitle: both("Python (Flask)", "Python (Flask)"),
  python: both(
    "L’exemple Flask de la documentation d’origine, corrigé :",
    "The original documentation’s Flask example, corrected:",
  ),
  corrections: [
    both(
      "il lit `interview_score` : l’exemple d’origine lit `candidate['score']`, un champ qui n’existe pas (`KeyError`) ;",
      "it reads `interview_score`: the original example reads `candidate['score']`, a field that does not exist (`KeyError`);",
    ),
    both(
      "il refuse une requête sans signature : l’original (`if signature and WEBHOOK_SECRET:`) laisse passer toute requête qui n’a pas d’en-tête `X-VoiceHire-Signature` ;",
      "it refuses a request without a signature: the original (`if signature and WEBHOOK_SECRET:`) lets through any request that has no `X-VoiceHire-Signature` header;",
    ),
    both(
      "il compare en temps constant (`hmac.compare_digest`) au lieu de `!=` ;",
      "it compares in constant time (`hmac.compare_digest`) instead of `!=`;",
    ),
    both(
      "il parse les octets vérifiés, ignore les livraisons de test et ne traite pas deux fois le même `id`.",
      "it parses the verified bytes, skips test deliveries, and does not process the same `id` twice.",
    ),
  ],
} as const;

/** The section on signatures, with the TypeScript and Python examples. */
export function renderVerificationGuide(language: DocLanguage): string {
  return [
    `## ${pick(text.title, language)}`,
    pick(text.intro, language),
    text.schemes.map((scheme) => `- ${pick(scheme, language)}`).join("\n"),
    pick(text.ed25519, language),
    `### ${pick(text.typescriptTitle, language)}`,
    pick(text.typescript, language),
    codeBlock("ts", typescriptHandlerExample(language)),
    pick(text.typescriptMore, language),
    codeBlock("ts", typescriptConstructEventExample(language)),
    `### ${pick(text.pythonTitle, language)}`,
    pick(text.python, language),
    text.corrections.map((line) => `- ${pick(line, language)}`).join("\n"),
    codeBlock("python", pythonFlaskExample(language)),
  ].join("\n\n");
}
