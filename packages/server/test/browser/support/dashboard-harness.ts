import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { apiClient } from "../../support/api-client.js";
import { readDevApiKey, type ServerProcess, startServerProcess } from "../../support/server-process.js";
import { takeBrowserLock } from "./browser-lock.js";
import { collectPageErrors, type LaunchedBrowser, launchChromium } from "./chromium.js";
import { type HttpsReceiver, startHttpsReceiver } from "./https-receiver.js";
import { screenshotAtWidths } from "./page-checks.js";

/**
 * The built service in development mode (fast retries), an HTTPS receiver it trusts, and a Chromium
 * page on it, for browser test files that need their own data. `capture` screenshots the page into
 * docs/screenshots at 1440 and 375 px and fails on overflow or overlapping elements.
 */
export interface DashboardHarness {
  readonly server: ServerProcess;
  readonly receiver: HttpsReceiver;
  readonly browser: LaunchedBrowser;
  readonly page: Page;
  readonly apiKey: string;
  readonly api: ReturnType<typeof apiClient>;
  /** Console errors, exceptions and failed requests of the page so far. */
  readonly pageErrors: { readonly errors: string[] };
  capture(name: string): Promise<void>;
  signIn(): Promise<void>;
  close(): Promise<void>;
}

export async function startDashboardHarness(
  options: { readonly locale?: string } = {},
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
  options: { readonly locale?: string },
  release: () => void,
): Promise<DashboardHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-dashboard-pages-"));
  const receiver = await startHttpsReceiver();
  const server = await startServerProcess(["--dev", "--data-dir", dataDir], {
    NODE_EXTRA_CA_CERTS: receiver.certFile,
    VOICEHIRE_RETRY_DELAYS: "100ms,100ms,100ms",
  });
  const apiKey = readDevApiKey(dataDir);
  const browser = await launchChromium(options.locale === undefined ? {} : { locale: options.locale });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const pageErrors = collectPageErrors(page);
  return {
    server,
    receiver,
    browser,
    page,
    apiKey,
    api: apiClient(server.url, apiKey),
    pageErrors,
    async capture(name) {
      for (const report of await screenshotAtWidths(page, name)) {
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
