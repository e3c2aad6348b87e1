import { both, type DocLanguage, pick } from "./doc-language.js";
import { renderDeliveryGuide } from "./render-delivery-guide.js";
import { renderEvents } from "./render-events.js";
import { renderOrderingGuide } from "./render-ordering-guide.js";
import { renderPullGuide } from "./render-pull-guide.js";
import { renderVerificationGuide } from "./render-verification-guide.js";

/** Where each language's page goes, relative to the repository root. */
export const CONSUMER_DOC_PATHS: { readonly [L in DocLanguage]: string } = {
  fr: "docs/webhooks.fr.md",
  en: "docs/webhooks.en.md",
};

const text = {
  title: both("Webhooks VoiceHire", "VoiceHire webhooks"),
  otherLanguage: both("[English version](webhooks.en.md)", "[Version française](webhooks.fr.md)"),
  generated: both(
    "Page générée depuis le catalogue d’événements de `@voicehire/webhooks` par `npm run docs` : ne la modifiez pas à la main (modifiez le catalogue ou `packages/webhooks/scripts/docs/`).",
    "This page is generated from the event catalog of `@voicehire/webhooks` by `npm run docs`: do not edit it by hand (edit the catalog or `packages/webhooks/scripts/docs/`).",
  ),
  intro: both(
    "Les webhooks VoiceHire vous envoient une notification HTTP en temps réel quand un événement se produit dans votre compte (campagnes, candidats, entretiens, crédits), sans avoir à interroger l’API. Configurez-les dans le tableau de bord, section API, onglet Webhooks : l’URL HTTPS de votre endpoint, un secret partagé pour signer les envois (recommandé) et les événements à recevoir.",
    "VoiceHire webhooks send you a real-time HTTP notification when something happens in your account (campaigns, candidates, interviews, credits), so you do not have to poll the API. Set them up in the dashboard, API section, Webhooks tab: your endpoint’s HTTPS URL, a shared secret to sign deliveries (recommended), and the events to receive.",
  ),
} as const;

/** The whole consumer page in `language`, as committed in `CONSUMER_DOC_PATHS[language]`. */
export function renderConsumerDocs(language: DocLanguage): string {
  return `${[
    `# ${pick(text.title, language)}`,
    `${pick(text.otherLanguage, language)} · ${pick(text.generated, language)}`,
    pick(text.intro, language),
    renderDeliveryGuide(language),
    renderOrderingGuide(language),
    renderVerificationGuide(language),
    renderPullGuide(language),
    renderEvents(language),
  ].join("\n\n")}\n`;
}
