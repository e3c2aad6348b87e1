import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

/** Layout checks run on every screenshot: nothing wider than the window, nothing drawn over something else. */
export const SCREENSHOT_DIR = fileURLToPath(new URL("../../../../../docs/screenshots/", import.meta.url));
export const WIDTHS = [1440, 375] as const;

export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

/**
 * Pairs of visible elements (controls, links, headings, text blocks, badges, charts) whose boxes
 * intersect by more than 2 px while neither contains the other. Inline elements count line by line.
 */
export async function overlappingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      "h1, h2, h3, p, button, a, input, select, textarea, label, .badge, svg, table, dl, pre, legend, code";
    const describe = (el: Element) => {
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ")[0]}` : ""}> "${text}"`;
    };
    const boxes: { el: Element; r: DOMRect }[] = [];
    for (const el of document.querySelectorAll(selector)) {
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      if (el.closest("dialog:not([open]), details:not([open]) > :not(summary)")) continue;
      const inline = getComputedStyle(el).display === "inline";
      const rects = inline ? [...el.getClientRects()] : [el.getBoundingClientRect()];
      for (const r of rects) if (r.width > 2 && r.height > 2) boxes.push({ el, r });
    }
    const found: string[] = [];
    for (let i = 0; i < boxes.length && found.length < 10; i++) {
      for (let j = i + 1; j < boxes.length && found.length < 10; j++) {
        const a = boxes[i] as { el: Element; r: DOMRect };
        const b = boxes[j] as { el: Element; r: DOMRect };
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (x > 2 && y > 2) found.push(`${describe(a.el)} overlaps ${describe(b.el)}`);
      }
    }
    return found;
  });
}

export interface LayoutReport {
  readonly name: string;
  readonly width: number;
  readonly scrollWidth: number;
  readonly overlaps: readonly string[];
}

/**
 * At each width: lays the page out, checks overflow and overlaps, and saves a full-page screenshot as
 * docs/screenshots/<name>-<width>.png. Leaves the page at 1440 px.
 */
export async function screenshotAtWidths(page: Page, name: string): Promise<LayoutReport[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Whatever is still loading (a "Loading…" line, a card fetching its numbers) would make a poor picture.
  await page.waitForFunction(() => document.querySelectorAll(".loading, [aria-busy='true']").length === 0);
  const reports: LayoutReport[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const { scrollWidth } = await horizontalOverflow(page);
    const overlaps = await overlappingElements(page);
    const path = join(SCREENSHOT_DIR, `${name}-${width}.png`);
    mkdirSync(dirname(path), { recursive: true });
    await page.screenshot({ path, fullPage: true, animations: "disabled", caret: "hide" });
    reports.push({ name, width, scrollWidth, overlaps });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  return reports;
}
