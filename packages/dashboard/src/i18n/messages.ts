import type { Language } from "./language";
import { settingsEn } from "./messages-account-en";
import { settingsFr } from "./messages-account-fr";
import { catalogEn } from "./messages-catalog-en";
import { catalogFr } from "./messages-catalog-fr";
import { en } from "./messages-en";
import { fr } from "./messages-fr";
import { monitoringEn } from "./messages-monitoring-en";
import { monitoringFr } from "./messages-monitoring-fr";
import { orderingEn } from "./messages-ordering-en";
import { orderingFr } from "./messages-ordering-fr";
import { pullEn } from "./messages-pull-en";
import { pullFr } from "./messages-pull-fr";
import { secretEn } from "./messages-secret-en";
import { secretFr } from "./messages-secret-fr";
import { signingKeyEn } from "./messages-signing-key-en";
import { signingKeyFr } from "./messages-signing-key-fr";

/**
 * Every text of the dashboard by language: the main dictionaries plus those of the pages and panels
 * kept in their own files (event catalog, settings, monitoring, signing secret, signing key, pull
 * endpoints, ordered delivery).
 */
const frenchMessages = {
  ...fr,
  ...catalogFr,
  ...settingsFr,
  ...monitoringFr,
  ...secretFr,
  ...signingKeyFr,
  ...pullFr,
  ...orderingFr,
};

export type MessageKey = keyof typeof frenchMessages;

export const messages: { readonly [L in Language]: { readonly [K in MessageKey]: string } } = {
  fr: frenchMessages,
  en: {
    ...en,
    ...catalogEn,
    ...settingsEn,
    ...monitoringEn,
    ...secretEn,
    ...signingKeyEn,
    ...pullEn,
    ...orderingEn,
  },
};
