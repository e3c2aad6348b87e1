import { both, codeBlock, type DocLanguage, pick } from "./doc-language.js";

const text = {
  title: both("Endpoints en lecture (pull)", "Pull endpoints"),
  intro: both(
    'Si votre système ne peut pas exposer d’URL HTTPS (derrière un pare-feu, traitements par lots), créez un endpoint avec `"kind": "pull"` et sans `url` : rien ne vous est envoyé, VoiceHire garde ses événements pour vous et vous les lisez quand vous voulez, avec votre clé d’API.',
    'If your system cannot expose an HTTPS URL (behind a firewall, batch jobs), create an endpoint with `"kind": "pull"` and no `url`: nothing is sent to you, VoiceHire keeps its events for you and you read them when you like, with your API key.',
  ),
  rules: [
    both(
      '**Lecture** : `GET /v1/endpoints/{id}/events?after=<curseur>&limit=<n>` répond `{ "data": [ … ], "cursors": [ … ], "next_cursor": "…" }`. Chaque élément de `data` est exactement l’enveloppe qu’un endpoint push aurait reçue (mêmes octets) : le même code traite les deux. `limit` va de 1 à 500 (100 par défaut).',
      '**Reading**: `GET /v1/endpoints/{id}/events?after=<cursor>&limit=<n>` answers `{ "data": [ … ], "cursors": [ … ], "next_cursor": "…" }`. Each item of `data` is exactly the envelope a push endpoint would have received (same bytes): the same code handles both. `limit` goes from 1 to 500 (100 by default).',
    ),
    both(
      "**Dans l’ordre de publication**, du plus ancien au plus récent. Gardez `next_cursor` une fois la page traitée et repassez-le en `after` : vous obtenez exactement la suite. Si vous traitez un événement à la fois, gardez plutôt son propre curseur (`cursors[i]` pour `data[i]`) : après un arrêt en milieu de page, vous reprenez juste après le dernier événement traité. Une page vide veut dire que vous êtes à jour : redemandez plus tard. Les curseurs sont opaques et restent valables.",
      "**In publish order**, oldest first. Keep `next_cursor` once you have processed the page and pass it back as `after`: you get exactly what follows. Processing one event at a time, keep its own cursor instead (`cursors[i]` for `data[i]`): stopped mid-page, you resume right after the last event you processed. An empty page means you are up to date: ask again later. Cursors are opaque and stay valid.",
    ),
    both(
      "**Au moins une fois** : tant que vous n’avez pas avancé votre curseur, relire renvoie les mêmes événements ; dédupliquez avec `id` comme pour les livraisons push. Un événement accepté (202) par VoiceHire n’est jamais perdu, même si le service redémarre.",
      "**At least once**: until you move your cursor on, reading again answers the same events; deduplicate on `id` as for push deliveries. An event VoiceHire accepted (202) is never lost, even if the service restarts.",
    ),
    both(
      "**Conservés pendant la durée de rétention** (30 jours par défaut), lus ou non, puis supprimés comme les autres livraisons : lisez au moins une fois par période.",
      "**Kept for the retention period** (30 days by default), read or not, then deleted like other deliveries: read at least once per period.",
    ),
    both(
      "Un endpoint pull n’a pas de secret (il est lu avec votre clé d’API), ni de bouton « Tester » ni de « Renvoyer » : relisez avec un curseur plus ancien.",
      "A pull endpoint has no secret (it is read with your API key), no “Tester” and no “Resend”: read again from an older cursor.",
    ),
  ],
  sdk: both(
    "Avec `@voicehire/webhooks`, `pullEvents` lit page après page ; gardez `cursor` après chaque événement traité pour reprendre là où vous en étiez. En local, `npx voicehire-webhooks listen --pull <ep_…> --api-key <clé>` affiche les événements au fil de l’eau.",
    "With `@voicehire/webhooks`, `pullEvents` reads page after page; keep `cursor` after each processed event to resume where you were. Locally, `npx voicehire-webhooks listen --pull <ep_…> --api-key <key>` prints the events as they come.",
  ),
} as const;

const example = `import { pullEvents } from "@voicehire/webhooks";

for await (const { event, cursor } of pullEvents({
  baseUrl: "https://webhooks.voicehire.io",
  apiKey: process.env.VOICEHIRE_API_KEY!,
  endpointId: "ep_01J…",
  cursor: await loadCursor(), // undefined the first time
})) {
  await handle(event); // deduplicate on event.id
  await saveCursor(cursor);
}`;

/** The section on pull endpoints. */
export function renderPullGuide(language: DocLanguage): string {
  return [
    `## ${pick(text.title, language)}`,
    pick(text.intro, language),
    text.rules.map((line) => `- ${pick(line, language)}`).join("\n"),
    pick(text.sdk, language),
    codeBlock("ts", example),
  ].join("\n\n");
}
