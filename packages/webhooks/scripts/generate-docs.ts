/**
 * Writes the consumer docs (docs/webhooks.fr.md, docs/webhooks.en.md) from the event catalog.
 *   npm run docs                  write them
 *   npm run docs -- --check       exit 1, naming the files, if the committed ones are out of date
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DOC_LANGUAGES, type DocLanguage } from "./docs/doc-language.js";
import { CONSUMER_DOC_PATHS, renderConsumerDocs } from "./docs/render-consumer-docs.js";

const REPOSITORY_ROOT = new URL("../../../", import.meta.url);

export interface ConsumerDocFile {
  readonly language: DocLanguage;
  /** Absolute path. */
  readonly path: string;
  /** What the file must contain. */
  readonly content: string;
}

/** Every generated page with its expected content. */
export function consumerDocFiles(): ConsumerDocFile[] {
  return DOC_LANGUAGES.map((language) => ({
    language,
    path: fileURLToPath(new URL(CONSUMER_DOC_PATHS[language], REPOSITORY_ROOT)),
    content: renderConsumerDocs(language),
  }));
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function main(args: readonly string[]): number {
  const check = args.includes("--check");
  const stale = consumerDocFiles().filter((file) => readOrEmpty(file.path) !== file.content);
  if (check) {
    for (const file of stale)
      console.error(`@voicehire/webhooks: ${file.path} is out of date: run npm run docs`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const file of stale) {
    writeFileSync(file.path, file.content);
    console.log(`wrote ${file.path}`);
  }
  if (stale.length === 0) console.log("the consumer docs are up to date");
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
