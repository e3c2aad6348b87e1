import type { Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleData } from "../api/support/samples.js";
import { BROWSER_SETUP_TIMEOUT_MS } from "./support/browser-lock.js";
import { chromiumAvailability } from "./support/chromium.js";
import { type DashboardHarness, startDashboardHarness } from "./support/dashboard-harness.js";

/**
 * Ordered delivery in the dashboard, in Chromium: the form sends `ordering`, the endpoint page shows
 * it, and a delivery whose `waiting_for` is set says which delivery of the same candidate it waits for,
 * linked. Where the service does not know `ordering` yet (422/400), the page's API answers are
 * completed with the wire shape (endpoint `ordering`, delivery `waiting_for`): what is tested is what
 * the dashboard sends and shows; the ordering itself is the service's tests' business.
 */
const availability = chromiumAvailability();

type Json = Record<string, unknown>;

/** The endpoint and delivery answers of the page, completed with the two fields where they lack them. */
function completeOrderingAnswers(page: Page) {
  const orderingOf = new Map<string, unknown>();
  const waitingFor = new Map<string, { delivery_id: string; ordering_key: string }>();
  const sent: Json[] = [];
  const withOrdering = (endpoint: Json) =>
    endpoint.ordering === undefined && orderingOf.has(String(endpoint.id))
      ? { ...endpoint, ordering: orderingOf.get(String(endpoint.id)) }
      : endpoint;
  const withWaiting = (delivery: Json) => {
    const faked = waitingFor.get(String(delivery.id));
    return faked === undefined || delivery.waiting_for ? delivery : { ...delivery, waiting_for: faked };
  };

  const endpoints = async (route: Route) => {
    const request = route.request();
    const body = request.postDataJSON() as Json | null;
    if (body !== null && "ordering" in body) {
      sent.push(body);
      let answer = await route.fetch();
      if (answer.status() === 422 || answer.status() === 400) {
        const { ordering: _, ...rest } = body;
        answer = await route.fetch({ postData: JSON.stringify(rest) });
      }
      const json = (await answer.json()) as Json;
      if (answer.ok()) orderingOf.set(String(json.id), body.ordering);
      return route.fulfill({ response: answer, json: answer.ok() ? withOrdering(json) : json });
    }
    if (request.method() !== "GET") return route.continue();
    const answer = await route.fetch();
    const json = (await answer.json()) as Json;
    const list = json.data as Json[] | undefined;
    const completed = Array.isArray(list) ? { ...json, data: list.map(withOrdering) } : withOrdering(json);
    return route.fulfill({ response: answer, json: completed });
  };
  const deliveries = async (route: Route) => {
    if (route.request().method() !== "GET") return route.continue();
    const answer = await route.fetch();
    const json = (await answer.json()) as Json;
    const list = json.data as Json[] | undefined;
    const completed = Array.isArray(list) ? { ...json, data: list.map(withWaiting) } : withWaiting(json);
    return route.fulfill({ response: answer, json: completed });
  };
  return {
    sent,
    waitingFor,
    async install() {
      await page.route(/\/v1\/endpoints(\/[^/?]+)?(\?.*)?$/, endpoints);
      await page.route(/\/v1\/deliveries(\/[^/?]+)?(\?.*)?$/, deliveries);
    },
  };
}

describe.skipIf(availability.kind === "missing")("ordered delivery in the dashboard, in Chromium", () => {
  let h: DashboardHarness;
  let answers: ReturnType<typeof completeOrderingAnswers>;
  let endpointId = "";

  beforeAll(async () => {
    h = await startDashboardHarness();
    answers = completeOrderingAnswers(h.page);
    await answers.install();
    await h.signIn();
  }, BROWSER_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await h?.close();
  });

  it("creates an endpoint ordered per candidate, shows it, and changes it to per campaign", async () => {
    const { page } = h;
    await page.getByRole("link", { name: "Ajouter un endpoint" }).click();
    await page.getByLabel("URL de l’endpoint").fill(h.receiver.url);
    await page.getByRole("checkbox", { name: "Tous les événements « Candidats »" }).check();
    expect(await page.getByRole("radio", { name: /^Aucun ordre garanti/ }).isChecked()).toBe(true);
    await page.getByRole("radio", { name: "Dans l’ordre, par candidat (candidate_id)" }).check();
    await page.getByRole("button", { name: "Créer l’endpoint" }).click();
    await page.getByRole("link", { name: "Continuer : tester l’endpoint" }).click();
    await page.getByTestId("endpoint-ordering").getByText("Par candidat").waitFor();
    expect(answers.sent.at(-1)).toMatchObject({ ordering: "candidate" });
    expect(await page.getByRole("radio", { name: /^Dans l’ordre, par candidat/ }).isChecked()).toBe(true);
    endpointId = page.url().split("/").at(-1) ?? "";

    await page.getByRole("radio", { name: /^Dans l’ordre, par campagne/ }).check();
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByTestId("endpoint-ordering").getByText("Par campagne").waitFor();
    expect(answers.sent.at(-1)).toMatchObject({ ordering: "campaign" });

    await page.getByRole("radio", { name: /^Dans l’ordre, par candidat/ }).check();
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByTestId("endpoint-ordering").getByText("Par candidat").waitFor();
    h.expectNoPageErrors();
  });

  it("a waiting delivery names the delivery it waits for, linked, and the candidate", async () => {
    const data = sampleData("candidate.added");
    const firstEvent = await h.publish("candidate.added", data);
    const secondEvent = await h.publish("candidate.sourced", {
      ...sampleData("candidate.sourced"),
      candidate_id: data.candidate_id,
    });
    await h.waitForDelivery(firstEvent, "succeeded");
    await h.waitForDelivery(secondEvent, "succeeded");
    const first = await h.deliveryOf(firstEvent);
    const second = await h.deliveryOf(secondEvent);
    answers.waitingFor.set(second.id, { delivery_id: first.id, ordering_key: String(data.candidate_id) });

    const { page } = h;
    await page.goto(`${h.server.url}/dashboard/deliveries/${second.id}`);
    const line = page.getByTestId("waiting-for");
    // "same key" until the endpoint's answer tells the kind of key, then "same candidate".
    await expect
      .poll(async () => (await line.textContent())?.replace(/\s+/g, " "))
      .toBe(`En attente de la livraison ${first.id} (même candidat ${data.candidate_id})`);
    await h.capture("delivery-waiting");
    await line.getByRole("link", { name: first.id }).click();
    await page.getByRole("heading", { level: 1, name: new RegExp(first.id) }).waitFor();
    expect(await page.getByTestId("waiting-for").count()).toBe(0);

    // The log's row says it too, without a second link in the row (one Tab stop per row).
    await page.goto(`${h.server.url}/dashboard/deliveries?endpoint_id=${endpointId}`);
    const row = page.getByRole("row").filter({ hasText: "candidate.sourced" });
    await row.getByTestId("waiting-for").getByText(`même candidat ${data.candidate_id}`).waitFor();
    expect(await row.getByTestId("waiting-for").getByRole("link").count()).toBe(0);
    await h.capture("deliveries-waiting");
    h.expectNoPageErrors();
  });
});
