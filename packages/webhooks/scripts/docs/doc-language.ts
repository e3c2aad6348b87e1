import type { LocalizedText } from "../../src/index.js";

/** The languages the consumer docs are generated in. */
export const DOC_LANGUAGES = ["fr", "en"] as const;

export type DocLanguage = (typeof DOC_LANGUAGES)[number];

/** The text in `language`. */
export function pick(text: LocalizedText, language: DocLanguage): string {
  return text[language];
}

/** A localized text from its French and English versions (French first, as the source document). */
export function both(fr: string, en: string): LocalizedText {
  return { fr, en };
}

/** A Markdown table; `|` and line breaks in cells are escaped. */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A fenced code block. */
export function codeBlock(language: string, code: string): string {
  return `\`\`\`${language}\n${code.trimEnd()}\n\`\`\``;
}
