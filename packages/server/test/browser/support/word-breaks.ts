import type { Page } from "playwright-core";

/**
 * The words (runs of non-space characters within one text node) inside `selector` that the layout
 * splits over two lines or more, i.e. broken mid-word. A word cut by an ellipsis stays on one line and
 * is not reported; a break the markup allows (`<wbr>` between text nodes) is not one either.
 */
export async function wordsBrokenAcrossLines(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((rootSelector) => {
    const broken: string[] = [];
    for (const root of document.querySelectorAll(rootSelector)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent ?? "";
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lineTops = new Set(
            [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
          );
          if (lineTops.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  }, selector);
}
