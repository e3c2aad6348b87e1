import { describe, expect, it } from "vitest";
import { messages } from "../src/i18n/messages";
import { plural, translate } from "../src/i18n/translate";

/** Every string exists in both languages, says something, and takes the same placeholders. */
const { fr, en } = messages;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the dashboard's messages", () => {
  it("has the same keys in French and English, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const [key, text] of [...Object.entries(fr), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe("");
    }
  });

  it("uses the same placeholders in both languages", () => {
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it("is really translated: English differs from French except for names, symbols and shared words", () => {
    // Product and language names, bare symbols, and words both languages spell alike ("Endpoint", "Date").
    const alike = new Set([
      "app.document_title",
      "app.tab_title",
      "language.en",
      "language.fr",
      "outcome.duration",
      "deliveries.search_placeholder",
      "nav.endpoints",
      "endpoints.title",
      "endpoint.title",
      "deliveries.endpoint",
      "deliveries.col_endpoint",
      "delivery.endpoint",
      "recover.endpoint",
      "endpoint.description",
      "delivery.test_badge",
      "deliveries.tests",
      "deliveries.col_date",
      "deliveries.page",
      "endpoint.secret",
      "settings.key_actions",
      "catalog.col_type",
      "catalog.col_description",
    ]);
    const untranslated = (Object.keys(fr) as (keyof typeof fr)[]).filter(
      (key) => fr[key] === en[key] && !alike.has(key),
    );
    expect(untranslated).toEqual([]);
  });

  it("formats numbers in placeholders for the language, and picks plural forms", () => {
    expect(translate("fr", "recover.running", { requeued: 1234, total: 5000 })).toBe(
      "Récupération en cours : 1\u202f234 sur 5\u202f000 remises en file.",
    );
    expect(translate("en", "recover.running", { requeued: 1234, total: 5000 })).toBe(
      "Recovering: 1,234 of 5,000 queued again.",
    );
    expect(plural("fr", "deliveries.attempts", 1)).toBe("1 tentative");
    expect(plural("fr", "deliveries.attempts", 0)).toBe("0 tentative");
    expect(plural("en", "deliveries.attempts", 0)).toBe("0 attempts");
    expect(plural("en", "deliveries.attempts", 4)).toBe("4 attempts");
  });
});
