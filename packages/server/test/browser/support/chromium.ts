import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core, launched headless with the flags below (no sandbox, no
 * background network traffic, so tests reach only loopback). When it is missing the browser tests skip
 * loudly, except under CI=true, where a missing browser is a failure.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type ChromiumAvailability =
  | { readonly kind: "available" }
  | { readonly kind: "missing"; readonly reason: string };

export function chromiumAvailability(): ChromiumAvailability {
  if (existsSync(CHROMIUM_PATH)) return { kind: "available" };
  const reason = `no Chromium at ${CHROMIUM_PATH} (apt-get install -y --no-install-recommends chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === "true")
    throw new Error(`voicehire-webhooks: browser tests need Chromium under CI: ${reason}`);
  console.warn(`\n!!! SKIPPING the dashboard browser tests: ${reason}\n`);
  return { kind: "missing", reason };
}

export interface LaunchedBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(options: { readonly locale?: string } = {}): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "vh-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1440, height: 900 },
    locale: options.locale ?? "fr-FR",
    timezoneId: "Europe/Paris",
    timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Every console error, uncaught exception and failed request of a page, to assert none happened. */
export function collectPageErrors(page: Page): { readonly errors: string[] } {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`exception: ${error.message}`));
  page.on("requestfailed", (request) => {
    // Leaving a page cancels its fetches in flight (net::ERR_ABORTED): that is navigation, not failure.
    if (request.failure()?.errorText === "net::ERR_ABORTED") return;
    errors.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ""}`);
  });
  return { errors };
}
