import { EVENT_TYPES, eventCatalog } from "../../src/index.js";
import { both, codeBlock, type DocLanguage, pick } from "./doc-language.js";

/** The events whose `data` has `field`, from the catalog's schemas: the ones an ordered endpoint orders. */
function eventsWith(field: "candidate_id" | "campaign_id"): string {
  return EVENT_TYPES.filter((type) => {
    const schema = eventCatalog[type].schema;
    return schema.type === "object" && field in schema.properties;
  })
    .map((type) => `\`${type}\``)
    .join(", ");
}

const text = {
  title: both("Livraison ordonnée", "Ordered delivery"),
  intro: both(
    'Par défaut les webhooks arrivent sans ordre garanti. Un endpoint peut demander une livraison dans l’ordre, par candidat ou par campagne, avec le champ `ordering` : `"candidate"` (la clé est le `data.candidate_id` de l’événement), `"campaign"` (la clé est `data.campaign_id`) ou `null` (par défaut : aucun ordre, le plus rapide).',
    'By default webhooks arrive in no guaranteed order. An endpoint can ask for delivery in order, per candidate or per campaign, with the `ordering` field: `"candidate"` (the key is the event’s `data.candidate_id`), `"campaign"` (the key is `data.campaign_id`) or `null` (the default: no order, fastest).',
  ),
  rules: [
    both(
      "**La garantie** : pour un tel endpoint, les livraisons d’une même clé sont tentées strictement dans l’ordre de publication ; la suivante attend que la précédente ait réussi ou ait définitivement échoué (ses nouveaux essais épuisés). Par exemple `candidate.interview.completed` n’arrive jamais avant le `candidate.interview.started` du même candidat. Les clés différentes avancent en parallèle : un candidat en échec ne retient pas les autres.",
      "**The guarantee**: for such an endpoint, deliveries with the same key are attempted strictly in publish order; the next one waits until the previous one has succeeded or has finally failed (its retries spent). For example `candidate.interview.completed` never arrives before the same candidate’s `candidate.interview.started`. Different keys proceed in parallel: one failing candidate does not hold the others.",
    ),
    both(
      '**L’activer** : dans le tableau de bord (configuration de l’endpoint, « Ordre de livraison »), ou avec l’API, `POST /v1/endpoints` ou `PATCH /v1/endpoints/{id}` avec `"ordering": "candidate"`. Un changement s’applique aux livraisons créées après lui ; celles déjà créées gardent la règle de leur création.',
      '**Turning it on**: in the dashboard (the endpoint’s settings, “Delivery order”), or with the API, `POST /v1/endpoints` or `PATCH /v1/endpoints/{id}` with `"ordering": "candidate"`. A change applies to the deliveries created after it; those already created keep the rule they were created with.',
    ),
    both(
      '**`waiting_for`** : une livraison en attente de son tour le dit dans l’API (`GET /v1/deliveries/{id}` et les listes) : `"waiting_for": { "delivery_id": "dlv_…", "ordering_key": "…" }`, la plus ancienne livraison antérieure non terminée de la même clé ; sinon `null`. Le tableau de bord affiche « En attente de la livraison dlv_… (même candidat …) ».',
      '**`waiting_for`**: a delivery waiting for its turn says so in the API (`GET /v1/deliveries/{id}` and the lists): `"waiting_for": { "delivery_id": "dlv_…", "ordering_key": "…" }`, the earliest unfinished earlier delivery of the same key; otherwise `null`. The dashboard shows “Waiting for delivery dlv_… (same candidate …)”.',
    ),
    both(
      "**Échecs, renvois, récupérations** : une livraison échouée, renvoyée (« Renvoyer ») ou récupérée garde sa place : les livraisons suivantes encore en attente de la même clé l’attendent de nouveau. Celles déjà envoyées ne peuvent pas être « désenvoyées » : un renvoi arrive donc après elles.",
      "**Failures, resends, recoveries**: a failed, resent (“Resend”) or recovered delivery keeps its place: the later deliveries of the same key still pending wait for it again. Those already sent cannot be unsent: a resend therefore arrives after them.",
    ),
    both(
      "**Le coût** : un candidat lent ou en échec ne retarde que ses propres événements suivants, au plus le temps du calendrier de nouveaux essais (environ 1 + 10 + 100 minutes à ±20 %, soit près de deux heures, davantage pendant une pause de l’endpoint) avant que la livraison en échec soit définitivement échouée et que la suivante parte. Le débit par clé est d’une livraison en cours à la fois : répondez vite (2xx en moins de 5 secondes, traitement en arrière-plan).",
      "**The cost**: one slow or failing candidate delays only its own later events, at most for the retry schedule (about 1 + 10 + 100 minutes, ±20%: nearly two hours, longer during an endpoint pause) before the failing delivery is finally failed and the next one goes. Throughput per key is one delivery in flight at a time: answer fast (2xx within 5 seconds, processing in the background).",
    ),
    both(
      "**Ce qui n’est pas garanti** : l’ordre des événements sans la clé (ils partent comme d’habitude, sans attendre) ; l’ordre entre clés différentes ; l’ordre d’une livraison renvoyée par rapport à celles déjà envoyées. Et la livraison reste **au moins une fois** : le même événement peut arriver deux fois (un nouvel essai après une réponse perdue), dédupliquez toujours sur son `id`.",
      "**What is not guaranteed**: the order of events without the key (they go as usual, without waiting); the order across different keys; the order of a resent delivery against those already sent. And delivery stays **at least once**: the same event may arrive twice (a retry after a lost answer), always deduplicate on its `id`.",
    ),
  ],
  keys: both(
    "Événements qui ont un `candidate_id` : {candidate}. Événements qui ont un `campaign_id` : {campaign}. Un endpoint en lecture (pull) n’en a pas besoin : ses événements se lisent déjà dans l’ordre de publication.",
    "Events that have a `candidate_id`: {candidate}. Events that have a `campaign_id`: {campaign}. A pull endpoint needs none of this: its events are read in publish order already.",
  ),
} as const;

const example = `curl -X PATCH https://webhooks.voicehire.io/v1/endpoints/ep_01J… \\
  -H "Authorization: Bearer $VOICEHIRE_API_KEY" -H "Content-Type: application/json" \\
  -d '{ "ordering": "candidate" }'`;

/** The section on ordered delivery per candidate or per campaign (issue 14). */
export function renderOrderingGuide(language: DocLanguage): string {
  const keys = pick(text.keys, language)
    .replace("{candidate}", eventsWith("candidate_id"))
    .replace("{campaign}", eventsWith("campaign_id"));
  return [
    `## ${pick(text.title, language)}`,
    pick(text.intro, language),
    text.rules.map((line) => `- ${pick(line, language)}`).join("\n"),
    keys,
    codeBlock("sh", example),
  ].join("\n\n");
}
