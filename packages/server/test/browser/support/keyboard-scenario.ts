import { expect } from "vitest";
import type { apiClient } from "../../support/api-client.js";
import { collectPageErrors, launchChromium } from "./chromium.js";
import type { HttpsReceiver } from "./https-receiver.js";
import { focused, tabTo } from "./keyboard.js";

/**
 * The dashboard with the keyboard alone, in a fresh browser (signed out): sign in, tab through the
 * overview in reading order with a visible focus ring at every stop, add an endpoint, press "Tester",
 * open and dismiss a confirmation dialog, and use the skip link. No console error on the way.
 */
export interface KeyboardScenarioOptions {
  readonly serverUrl: string;
  readonly apiKey: string;
  readonly receiver: HttpsReceiver;
  readonly api: ReturnType<typeof apiClient>;
}

export async function keyboardOnlyScenario(options: KeyboardScenarioOptions): Promise<void> {
  if ((await options.api.get("/v1/endpoints")).body.data.length === 0) {
    await options.api.post("/v1/endpoints", { url: options.receiver.url, event_types: ["campaign.created"] }); // when run alone
  }
  const second = await launchChromium();
  try {
    const kb = second.context.pages()[0] ?? (await second.context.newPage());
    const kbErrors = collectPageErrors(kb);
    await kb.goto(`${options.serverUrl}/dashboard/`);
    await kb.getByLabel("Clé API").waitFor();
    await tabTo(kb, /^Clé API$/, 6);
    await kb.keyboard.type(options.apiKey);
    await kb.keyboard.press("Enter");
    await kb.getByRole("heading", { level: 1, name: "Endpoints" }).waitFor();
    // The title takes the focus in an effect after the page renders: wait for it, do not sample once.
    await expect
      .poll(async () => (await focused(kb)).tag, { message: "the new page's title has the focus" })
      .toBe("h1");

    // Tab order follows the page from top to bottom, and every stop shows its focus ring.
    await kb.locator(".endpoint-card:not([aria-busy='true'])").first().waitFor();
    const stops = await tabTo(kb, /^Voir les livraisons$/);
    expect(stops[0]?.name).toBe("Ajouter un endpoint");
    for (let i = 1; i < stops.length; i++) {
      expect(
        (stops[i]?.top ?? 0) + 8,
        `${stops[i]?.name} comes after ${stops[i - 1]?.name}`,
      ).toBeGreaterThanOrEqual(stops[i - 1]?.top ?? 0);
    }

    await tabTo(kb, /^Ajouter un endpoint$/, 60, "backward");
    await kb.keyboard.press("Enter");
    await kb.getByRole("heading", { level: 1, name: "Nouvel endpoint" }).waitFor();
    await tabTo(kb, /^URL de l’endpoint$/, 5);
    await kb.keyboard.type(`${options.receiver.url}?from=keyboard`);
    await tabTo(kb, /Tous les événements « Candidats »/, 10);
    await kb.keyboard.press("Space");
    await tabTo(kb, /Générer un secret/, 20);
    await kb.keyboard.press("ArrowDown");
    await kb.keyboard.press("ArrowDown");
    expect(await kb.getByRole("radio", { name: "Ne pas signer" }).isChecked()).toBe(true);
    await tabTo(kb, /^Créer l’endpoint$/, 3);
    await kb.keyboard.press("Enter");
    await kb.getByRole("heading", { level: 2, name: "Tester" }).waitFor();
    await expect.poll(async () => (await focused(kb)).tag).toBe("h1");
    await tabTo(kb, /^Événement$/, 5);
    await kb.keyboard.press("ArrowDown"); // candidate.sourced
    await tabTo(kb, /^Tester$/, 3);
    await kb.keyboard.press("Enter");
    await expect
      .poll(() => kb.locator(".test-result").textContent())
      .toContain("Succès : votre serveur a répondu 200.");
    expect(options.receiver.received.at(-1)?.path).toBe("/webhooks/voicehire?from=keyboard");
    expect(JSON.parse(options.receiver.received.at(-1)?.body ?? "{}").event).toBe("candidate.sourced");

    // A confirmation dialog keeps the focus inside, Escape closes it and gives the focus back.
    await tabTo(kb, /^Supprimer$/, 80);
    await kb.keyboard.press("Enter");
    await kb.getByRole("dialog").waitFor();
    expect(await kb.evaluate(() => document.activeElement?.closest("dialog") !== null)).toBe(true);
    await kb.keyboard.press("Escape");
    await expect.poll(() => kb.getByRole("dialog").count()).toBe(0);
    expect((await focused(kb)).name).toBe("Supprimer");

    // The first Tab of a page reaches the skip link, which jumps over the navigation.
    await kb.reload();
    await kb.getByRole("heading", { level: 2, name: "Tester" }).waitFor();
    await kb.keyboard.press("Tab");
    const skip = await focused(kb);
    expect(skip.name).toBe("Aller au contenu");
    expect(await kb.getByRole("link", { name: "Aller au contenu" }).isVisible()).toBe(true);
    await kb.keyboard.press("Enter");
    expect(await kb.evaluate(() => document.activeElement?.id)).toBe("main");
    expect(kbErrors.errors).toEqual([]);
  } finally {
    await second.close();
  }
}
