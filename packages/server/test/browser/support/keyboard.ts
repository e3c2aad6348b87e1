import type { Page } from "playwright-core";

/** What the keyboard user sees: the focused element, whether its focus ring shows, and where it is. */
export interface FocusInfo {
  readonly tag: string;
  readonly name: string;
  readonly ringVisible: boolean;
  readonly top: number;
  readonly left: number;
}

export async function focused(page: Page): Promise<FocusInfo> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (el === null || el === document.body)
      return { tag: "body", name: "", ringVisible: false, top: 0, left: 0 };
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2;
    const rect = el.getBoundingClientRect();
    const label =
      el.getAttribute("aria-label") ??
      (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ??
      el.closest("label")?.textContent ??
      el.textContent ??
      "";
    return {
      tag: el.tagName.toLowerCase(),
      name: label.trim().replace(/\s+/g, " ").slice(0, 80),
      ringVisible: ring,
      top: rect.top + window.scrollY,
      left: rect.left + window.scrollX,
    };
  });
}

/**
 * Presses Tab until the focused element's accessible text matches `target` (at most `maxPresses`),
 * returning every element focused on the way; fails when one of them shows no focus ring.
 */
export async function tabTo(
  page: Page,
  target: RegExp,
  maxPresses = 40,
  direction: "forward" | "backward" = "forward",
): Promise<FocusInfo[]> {
  const path: FocusInfo[] = [];
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press(direction === "forward" ? "Tab" : "Shift+Tab");
    const info = await focused(page);
    path.push(info);
    if (!info.ringVisible) throw new Error(`no visible focus ring on <${info.tag}> "${info.name}"`);
    if (target.test(info.name)) return path;
  }
  throw new Error(
    `Tab never reached ${target} in ${maxPresses} presses; went through: ${path.map((p) => p.name).join(" | ")}`,
  );
}
