import type { HEADER_NAMES, LocalizedText } from "../../src/index.js";
import { both, codeBlock, type DocLanguage, markdownTable, pick } from "./doc-language.js";
import { SAMPLE_EVENT_ID, sampleEnvelope } from "./render-events.js";

type HeaderKey = keyof typeof HEADER_NAMES;

interface HeaderRow {
  /** The name as VoiceHire writes it (names are case-insensitive). */
  readonly name: string;
  readonly value: LocalizedText;
  readonly when: LocalizedText;
}

const always = both("toujours", "always");
const withSecret = both("si l’endpoint a un secret", "when the endpoint has a secret");
const withSecretOrKey = both(
  "si l’endpoint a un secret ou une clé Ed25519",
  "when the endpoint has a secret or an Ed25519 key",
);

const fixedHeaders: readonly HeaderRow[] = [
  { name: "Content-Type", value: both("`application/json`", "`application/json`"), when: always },
  {
    name: "User-Agent",
    value: both("`VoiceHire-Webhooks/<version>`", "`VoiceHire-Webhooks/<version>`"),
    when: always,
  },
];

/** One row per `HEADER_NAMES` entry: a header added to the SDK without a row here fails to compile. */
const catalogHeaders: { readonly [K in HeaderKey]: HeaderRow } = {
  event: {
    name: "X-VoiceHire-Event",
    value: both(
      "le type d’événement, par exemple `campaign.created`",
      "the event type, e.g. `campaign.created`",
    ),
    when: always,
  },
  eventId: {
    name: "X-VoiceHire-Event-Id",
    value: both(
      "l’`id` de l’enveloppe (le même à chaque nouvel essai)",
      "the envelope’s `id` (the same on every retry)",
    ),
    when: always,
  },
  attempt: {
    name: "X-VoiceHire-Attempt",
    value: both("`1` au premier essai, puis `2`, `3`, `4`", "`1` on the first try, then `2`, `3`, `4`"),
    when: always,
  },
  test: {
    name: "X-VoiceHire-Test",
    value: both("`true`", "`true`"),
    when: both("seulement sur une livraison de test", "only on a test delivery"),
  },
  signature: {
    name: "X-VoiceHire-Signature",
    value: both(
      "`sha256=` suivi du HMAC-SHA256 du corps, en hexadécimal minuscule",
      "`sha256=` followed by the lowercase hex HMAC-SHA256 of the body",
    ),
    when: withSecret,
  },
  webhookId: {
    name: "webhook-id",
    value: both(
      "l’`id` de l’enveloppe ([Standard Webhooks](https://www.standardwebhooks.com/))",
      "the envelope’s `id` ([Standard Webhooks](https://www.standardwebhooks.com/))",
    ),
    when: withSecretOrKey,
  },
  webhookTimestamp: {
    name: "webhook-timestamp",
    value: both(
      "l’heure de signature de l’envoi, en secondes Unix",
      "when the delivery was signed, in Unix seconds",
    ),
    when: withSecretOrKey,
  },
  webhookSignature: {
    name: "webhook-signature",
    value: both(
      '`v1,` suivi du HMAC-SHA256 en base64 de `<webhook-id>.<webhook-timestamp>.<corps>` ; pendant une rotation de secret, une signature par secret actif, séparées par des espaces. Endpoint `"signature_scheme": "ed25519"` : `v1a,` suivi de la signature Ed25519 en base64 du même contenu, une par clé active',
      '`v1,` followed by the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>`; during a secret rotation, one signature per active secret, space-separated. Endpoint with `"signature_scheme": "ed25519"`: `v1a,` followed by the base64 Ed25519 signature of the same content, one per active key',
    ),
    when: withSecretOrKey,
  },
};

const text = {
  formatTitle: both("Format d’une livraison", "What a delivery looks like"),
  format: both(
    "Chaque notification est une requête `POST` vers l’URL HTTPS de votre endpoint, dont le corps est une enveloppe JSON :",
    "Each notification is a `POST` to your endpoint’s HTTPS URL, whose body is a JSON envelope:",
  ),
  envelopeHead: [both("Clé", "Key"), both("Contenu", "Content")],
  envelope: [
    [
      "id",
      both(
        "l’identifiant unique de l’événement, le même à chaque nouvel essai : la clé pour dédupliquer",
        "the event’s unique id, the same on every retry: the key to deduplicate on",
      ),
    ],
    [
      "event",
      both("le type d’événement (voir [Événements](#événements))", "the event type (see [Events](#events))"),
    ],
    [
      "timestamp",
      both(
        "le moment où l’événement s’est produit (ISO 8601 UTC, en millisecondes), pas celui de l’envoi",
        "when the event happened (ISO 8601 UTC, with milliseconds), not when it was sent",
      ),
    ],
    [
      "test",
      both(
        "`true` sur une livraison de test (bouton « Tester »), absent sinon",
        "`true` on a test delivery (the “Tester” button), absent otherwise",
      ),
    ],
    ["data", both("les champs propres à l’événement", "the event’s own fields")],
  ] as const,
  headersTitle: both("En-têtes", "Headers"),
  headersHead: [both("En-tête", "Header"), both("Valeur", "Value"), both("Quand", "When")],
  rulesTitle: both("Règles de livraison", "Delivery rules"),
  rules: [
    both(
      "**Répondez par un code 2xx en moins de 5 secondes.** Tout le reste est un échec : 3xx (les redirections ne sont pas suivies), 4xx, 5xx, délai dépassé, erreur de connexion ou TLS. Pour un traitement long, répondez tout de suite et traitez en arrière-plan.",
      "**Answer with a 2xx status within 5 seconds.** Anything else is a failure: 3xx (redirects are not followed), 4xx, 5xx, a timeout, a connection or TLS error. For long work, answer at once and process in the background.",
    ),
    both(
      "**Un échec est retenté 3 fois, avec des délais croissants** (par défaut environ 1 minute, 10 minutes puis 100 minutes, à ±20 % près) : 4 essais en tout, numérotés par `X-VoiceHire-Attempt`.",
      "**A failed attempt is retried 3 times, with growing delays** (by default about 1 minute, 10 minutes, then 100 minutes, ±20%): 4 attempts in all, numbered by `X-VoiceHire-Attempt`.",
    ),
    both(
      "**Pauses.** Après 5 échecs de suite vers un même endpoint, ses livraisons sont mises en pause 30 secondes (elles attendent sans consommer d’essai), puis une seule livraison teste l’endpoint : s’il répond 2xx, tout reprend aussitôt ; sinon la pause recommence, deux fois plus longue à chaque fois, jusqu’à 10 minutes. Les nouveaux essais peuvent donc arriver plus tard que prévu. Le tableau de bord l’affiche (« En pause jusqu’à 10:42 après 5 échecs ») et « Renvoyer » pendant une pause envoie la livraison tout de suite.",
      "**Pauses.** After 5 failures in a row to one endpoint, its deliveries are paused for 30 seconds (they wait without using up attempts), then a single delivery tests the endpoint: if it answers 2xx, everything resumes at once; otherwise the pause starts again, twice as long each time, up to 10 minutes. Retries can therefore come later than scheduled. The dashboard shows it (“Paused until 10:42 after 5 failures”) and “Resend” during a pause sends the delivery at once.",
    ),
    both(
      "**Au moins une fois.** Un même événement peut arriver plusieurs fois (un nouvel essai après une réponse perdue, un renvoi depuis le tableau de bord) : dédupliquez avec son `id`, identique à chaque envoi.",
      "**At least once.** The same event may arrive more than once (a retry after a lost answer, a resend from the dashboard): deduplicate on its `id`, identical on every send.",
    ),
    both(
      "**Sans ordre garanti.** Les webhooks peuvent arriver dans le désordre : utilisez `timestamp` (le moment de l’événement) pour reconstituer la chronologie, et ne laissez pas un événement plus ancien écraser un état plus récent. Sauf pour un endpoint qui demande l’ordre par candidat ou par campagne (voir [Livraison ordonnée](#livraison-ordonnée)).",
      "**In no guaranteed order.** Webhooks may arrive out of order: use `timestamp` (when the event happened) to rebuild the timeline, and do not let an older event overwrite a newer state. Unless the endpoint asks for order per candidate or per campaign (see [Ordered delivery](#ordered-delivery)).",
    ),
    both(
      '**Les livraisons de test sont marquées** : le bouton « Tester » envoie l’exemple de l’événement choisi avec `"test": true` dans l’enveloppe et l’en-tête `X-VoiceHire-Test: true`. Ce n’est jamais un vrai candidat. Une livraison de test n’est pas retentée.',
      '**Test deliveries are flagged**: the “Tester” button sends the chosen event’s sample with `"test": true` in the envelope and the header `X-VoiceHire-Test: true`. It is never a real candidate. A test delivery is not retried.',
    ),
    both(
      "**Signez et vérifiez** : avec un secret, chaque livraison est signée (voir [Vérifier la signature](#vérifier-la-signature)). Refusez (401) toute requête dont la signature ne correspond pas.",
      "**Sign and verify**: with a secret, every delivery is signed (see [Verifying the signature](#verifying-the-signature)). Refuse (401) any request whose signature does not match.",
    ),
  ],
  testingTitle: both("Tester votre endpoint", "Testing your endpoint"),
  testing: [
    both(
      "Le bouton « Tester » (API → Webhooks) envoie l’exemple d’un événement, marqué comme test, et affiche la réponse de votre endpoint.",
      "The “Tester” button (API → Webhooks) sends an event’s sample, flagged as a test, and shows your endpoint’s answer.",
    ),
    both(
      "En local, `npx voicehire-webhooks listen --port 9000 --secret <secret> --forward-to http://localhost:3000/webhook/voicehire` reçoit les livraisons, vérifie et affiche chacune, puis la transmet telle quelle (mêmes octets, mêmes en-têtes) à votre application. Pour un endpoint signé en Ed25519, passez sa clé publique : `--public-key whpk_…`.",
      "Locally, `npx voicehire-webhooks listen --port 9000 --secret <secret> --forward-to http://localhost:3000/webhook/voicehire` receives deliveries, verifies and prints each one, then passes it on as is (same bytes, same headers) to your app. For an endpoint signed with Ed25519, give its public key: `--public-key whpk_…`.",
    ),
    both(
      "Dans vos tests, `buildSignedDelivery` de `@voicehire/webhooks` construit une livraison exactement comme VoiceHire l’envoie (corps et en-têtes signés).",
      "In your tests, `buildSignedDelivery` from `@voicehire/webhooks` builds a delivery exactly as VoiceHire sends it (body and signed headers).",
    ),
  ],
} as const;

function sampleRequest(): string {
  const body = JSON.stringify(sampleEnvelope("campaign.created"));
  return [
    "POST /webhook/voicehire HTTP/1.1",
    "Content-Type: application/json",
    "User-Agent: VoiceHire-Webhooks/0.1.0",
    "X-VoiceHire-Event: campaign.created",
    `X-VoiceHire-Event-Id: ${SAMPLE_EVENT_ID}`,
    "X-VoiceHire-Attempt: 1",
    "X-VoiceHire-Signature: sha256=<hex>",
    `webhook-id: ${SAMPLE_EVENT_ID}`,
    "webhook-timestamp: 1705314600",
    "webhook-signature: v1,<base64>",
    "",
    body,
  ].join("\n");
}

/** Every header of a delivery, in the order they are sent. */
export function headerRows(): readonly HeaderRow[] {
  return [...fixedHeaders, ...Object.values(catalogHeaders)];
}

/** The sections on the envelope, the headers, the delivery rules and testing. */
export function renderDeliveryGuide(language: DocLanguage): string {
  const envelopeRows = text.envelope.map(([key, meaning]) => [`\`${key}\``, pick(meaning, language)]);
  const headers = headerRows().map((row) => [
    `\`${row.name}\``,
    pick(row.value, language),
    pick(row.when, language),
  ]);
  return [
    `## ${pick(text.formatTitle, language)}`,
    pick(text.format, language),
    markdownTable(
      text.envelopeHead.map((head) => pick(head, language)),
      envelopeRows,
    ),
    codeBlock("http", sampleRequest()),
    `## ${pick(text.headersTitle, language)}`,
    markdownTable(
      text.headersHead.map((head) => pick(head, language)),
      headers,
    ),
    `## ${pick(text.rulesTitle, language)}`,
    text.rules.map((rule) => `- ${pick(rule, language)}`).join("\n"),
    `## ${pick(text.testingTitle, language)}`,
    text.testing.map((line) => `- ${pick(line, language)}`).join("\n"),
  ].join("\n\n");
}
