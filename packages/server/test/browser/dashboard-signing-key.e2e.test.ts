import { createPublicKey, verify } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_SETUP_TIMEOUT_MS } from "./support/browser-lock.js";
import { chromiumAvailability } from "./support/chromium.js";
import { type DashboardHarness, startDashboardHarness } from "./support/dashboard-harness.js";
import type { HttpsReceiver } from "./support/https-receiver.js";

/**
 * Asymmetric signatures from the dashboard: an endpoint created with Ed25519 shows its public key,
 * "Tester" sends a v1a signature that Node's own Ed25519 accepts with that key, and renewing the pair
 * makes both keys sign. The console must stay free of errors throughout.
 */
const availability = chromiumAvailability();

/** Whether one `v1a,` entry of a received request verifies with a `whpk_` key (Node's crypto only). */
function v1aVerifies(
  publicKey: string,
  received: { headers: Record<string, unknown>; body: string },
  entry: string,
) {
  const x = Buffer.from(publicKey.slice("whpk_".length), "base64").toString("base64url");
  const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
  const content = `${received.headers["webhook-id"]}.${received.headers["webhook-timestamp"]}.${received.body}`;
  return verify(null, Buffer.from(content), key, Buffer.from(entry.replace(/^v1a,/, ""), "base64"));
}

describe.skipIf(availability.kind === "missing")("the dashboard's Ed25519 signing, in Chromium", () => {
  let h: DashboardHarness;
  let page: Page;
  let receiver: HttpsReceiver;
  let publicKey = "";

  beforeAll(async () => {
    h = await startDashboardHarness();
    ({ page, receiver } = h);
    await h.signIn();
  }, BROWSER_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await h?.close();
  });

  it("creates an endpoint signed with Ed25519 and shows its public key", async () => {
    await page.getByRole("link", { name: "Ajouter un endpoint" }).click();
    await page.getByLabel("URL de l’endpoint").fill(receiver.url);
    await page.getByRole("checkbox", { name: "Tous les événements « Campagnes »" }).check();
    expect(await page.getByRole("radio", { name: /^HMAC-SHA256/ }).isChecked()).toBe(true);
    await page.getByRole("radio", { name: /^Ed25519/ }).check();
    await page.getByRole("button", { name: "Créer l’endpoint" }).click();
    await page.getByRole("heading", { name: "Endpoint créé" }).waitFor();
    await page.getByRole("link", { name: "Continuer : tester l’endpoint" }).click();
    await page.getByRole("heading", { level: 2, name: "Clé publique Ed25519" }).waitFor();
    publicKey = await page.getByLabel("Clé publique", { exact: true }).inputValue();
    expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    const listed = await h.api.get("/v1/endpoints");
    expect(listed.body.data[0]).toMatchObject({ signature_scheme: "ed25519", public_key: publicKey });
    expect(await page.getByRole("radio", { name: /^Ed25519/ }).isChecked()).toBe(true);
    h.expectNoPageErrors();
  });

  it("“Tester” sends a v1a signature that verifies with the public key shown", async () => {
    await page.getByLabel("Événement", { exact: true }).selectOption("campaign.created");
    await page.getByRole("button", { name: "Tester", exact: true }).click();
    await expect.poll(() => page.locator(".test-result").textContent()).toContain("Succès");
    const test = receiver.received.at(-1);
    const entries = String(test?.headers["webhook-signature"]).split(" ");
    expect(entries).toHaveLength(1);
    expect(
      v1aVerifies(publicKey, { headers: test?.headers ?? {}, body: test?.body ?? "" }, entries[0] ?? ""),
    ).toBe(true);
    expect(test?.headers["x-voicehire-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    h.expectNoPageErrors();
  });

  it("renews the key pair: the new key is shown, and both keys sign during the grace period", async () => {
    await page.getByRole("button", { name: "Renouveler la paire de clés" }).click();
    await page.getByText("Paire renouvelée.").waitFor();
    await expect
      .poll(() => page.getByLabel("Clé publique", { exact: true }).inputValue())
      .not.toBe(publicKey);
    const renewed = await page.getByLabel("Clé publique", { exact: true }).inputValue();
    await page.getByRole("button", { name: "Tester", exact: true }).click();
    await expect.poll(() => receiver.received.length).toBe(2);
    const test = receiver.received.at(-1);
    const request = { headers: test?.headers ?? {}, body: test?.body ?? "" };
    const [first, second] = String(test?.headers["webhook-signature"]).split(" ");
    expect(v1aVerifies(renewed, request, first ?? "")).toBe(true);
    expect(v1aVerifies(publicKey, request, second ?? "")).toBe(true);
    h.expectNoPageErrors();
  });
});
