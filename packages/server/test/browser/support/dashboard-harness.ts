import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { apiClient } from "../../support/api-client.js";
import { readDevApiKey, type ServerProcess, startServerProcess } from "../../support/server-process.js";
import { waitFor } from "../../support/wait-for.js";
import { takeBrowserLock } from "./browser-lock.js";
import { collectPageErrors, type LaunchedBrowser, launchChromium } from "./chromium.js";
import { type HttpsReceiver, startHttpsReceiver } from "./https-receiver.js";
import { screenshotAtWidths } from "./page-checks.js";

/**
 * The built service in development mode (fast retries), an HTTPS receiver it trusts, and a Chromium
 * page on it, for browser test files that need their own data. `capture` screenshots the page into
 * docs/screenshots at 1440 and 375 px and fails on overflow or overlapping elements.
 */
export interface DashboardHarnessOptions {
  /** The browser's own locale (the page's language is the dashboard's choice). */
  readonly locale?: string;
  /** VOICEHIRE_RETRY_DELAYS for the service: short, so a failing delivery fails for good quickly. */
  readonly retryDelays?: string;
}

export interface DashboardHarness {
  readonly server: ServerProcess;
  readonly receiver: HttpsReceiver;
  readonly browser: LaunchedBrowser;
  readonly page: Page;
  readonly apiKey: string;
  readonly api: ReturnType<typeof apiClient>;
  /** Console errors, exceptions and failed requests of the page so far. */
  readonly pageErrors: { readonly errors: string[] };
  /** `name-width` of every screenshot taken so far. */
  readonly screenshots: string[];
  capture(name: string): Promise<void>;
  signIn(): Promise<void>;
  /** Publishes through the API (expecting its 202) and answers the event's id. */
  publish(event: string, data: Record<string, unknown>): Promise<string>;
  /** The first delivery of an event, as the API lists it. */
  deliveryOf(eventId: string): Promise<{ id: string; status: string }>;
  /** Waits until the first delivery of `eventId` is `status` ("failed": for good, its retries spent). */
  waitForDelivery(eventId: string, status: "succeeded" | "failed"): Promise<void>;
  /** The page logged no console error, exception or failed request so far. */
  expectNoPageErrors(): void;
  close(): Promise<void>;
}

export async function startDashboardHarness(
  options: DashboardHarnessOptions = {},
): Promise<DashboardHarness> {
  const release = await takeBrowserLock();
  try {
    return await startHolding(options, release);
  } catch (error) {
    release();
    throw error;
  }
}

async function startHolding(
  options: DashboardHarnessOptions,
  release: () => void,
): Promise<DashboardHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-dashboard-pages-"));
  const receiver = await startHttpsReceiver();
  const server = await startServerProcess(["--dev", "--data-dir", dataDir], {
    NODE_EXTRA_CA_CERTS: receiver.certFile,
    VOICEHIRE_RETRY_DELAYS: options.retryDelays ?? "100ms,100ms,100ms",
  });
  const apiKey = readDevApiKey(dataDir);
  const browser = await launchChromium(options.locale === undefined ? {} : { locale: options.locale });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const pageErrors = collectPageErrors(page);
  const screenshots: string[] = [];
  const api = apiClient(server.url, apiKey);
  const deliveryOf = async (eventId: string) =>
    (await api.get(`/v1/deliveries?event_id=${eventId}`)).body.data[0];
  return {
    server,
    receiver,
    browser,
    page,
    apiKey,
    api,
    pageErrors,
    screenshots,
    async capture(name) {
      for (const report of await screenshotAtWidths(page, name)) {
        screenshots.push(`${report.name}-${report.width}`);
        expect(
          report.scrollWidth,
          `${name} at ${report.width} px is wider than the window`,
        ).toBeLessThanOrEqual(report.width);
        expect(report.overlaps, `${name} at ${report.width} px`).toEqual([]);
      }
    },
    async signIn() {
      await page.goto(`${server.url}/dashboard/`);
      await page.getByLabel("Clé API").fill(apiKey);
      await page.getByRole("button", { name: "Se connecter" }).click();
      await page.getByRole("heading", { level: 1, name: "Endpoints" }).waitFor();
    },
    async publish(event, data) {
      const answer = await api.post("/v1/events", { event, data });
      expect(answer.status).toBe(202);
      return answer.body.id as string;
    },
    deliveryOf,
    async waitForDelivery(eventId, status) {
      await waitFor(
        `the delivery of ${eventId} to be ${status}`,
        async () => (await deliveryOf(eventId))?.status === status,
      );
    },
    expectNoPageErrors() {
      expect(pageErrors.errors).toEqual([]);
    },
    async close() {
      await browser.close();
      server.child.kill("SIGTERM");
      await server.exited;
      await receiver.close();
      rmSync(dataDir, { recursive: true, force: true });
      release();
    },
  };
}
