import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { buildSignedDelivery, type EventType, eventCatalog, type SignedDelivery } from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { consumerDocFiles } from "../scripts/generate-docs.js";
import { exampleModules } from "./support/example-modules.js";

/**
 * Runs the verification examples of the committed consumer docs as printed: the TypeScript ones with
 * the SDK, the Python one with Flask, each on deliveries signed exactly as VoiceHire signs them.
 */
const pages = new Map(consumerDocFiles().map((file) => [file.language, readFileSync(file.path, "utf8")]));
const english = pages.get("en") as string;
const SECRET = "clé-secrète-partagée-🔑"; // non-ASCII: the key is the secret's UTF-8 bytes everywhere

function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map(
    (match) => match[1] as string,
  );
}

/** The code without its comments (the only thing that differs between the languages). */
function withoutComments(code: string, marker: "//" | "#"): string {
  return code
    .split("\n")
    .map((line) => {
      const at = line.indexOf(` ${marker} `);
      const trimmed = line.trimStart();
      if (trimmed.startsWith(`${marker} `)) return "";
      return at === -1 ? line : line.slice(0, at);
    })
    .join("\n");
}

function delivery<T extends EventType>(event: T, options: { secret?: string; test?: boolean } = {}) {
  return buildSignedDelivery({
    event,
    data: eventCatalog[event].sample,
    secrets: options.secret ?? SECRET,
    ...(options.test === undefined ? {} : { test: options.test }),
  });
}

it("the French and English pages have the same example code, comments aside", () => {
  const french = pages.get("fr") as string;
  for (const [language, marker] of [
    ["ts", "//"],
    ["python", "#"],
  ] as const) {
    const [fr, en] = [codeBlocks(french, language), codeBlocks(english, language)];
    expect(en.length).toBeGreaterThan(0);
    expect(fr.map((code) => withoutComments(code, marker))).toEqual(
      en.map((code) => withoutComments(code, marker)),
    );
  }
});

describe("the TypeScript examples, run as printed", () => {
  const { load, logs } = exampleModules(new URL("./generated-docs", import.meta.url), SECRET);

  it("the node:http handler verifies, types, skips duplicates and test deliveries", async () => {
    const source = codeBlocks(english, "ts")[0] ?? "";
    expect(source).toContain("server.listen(3000);");
    const { default: server } = await load<{ default: Server }>(
      "handler",
      source.replace("server.listen(3000);", "export default server;"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/voicehire`;
    const post = ({ body, headers }: SignedDelivery) => fetch(url, { method: "POST", headers, body });
    try {
      const completed = await delivery("candidate.interview.completed");
      expect((await post(completed)).status).toBe(200);
      expect(logs).toEqual(["Interview completed for Jean Dupont", "Score: 8.5"]);
      expect((await post(completed)).status).toBe(200); // a retry of the same event
      expect((await post(await delivery("candidate.interview.completed", { test: true }))).status).toBe(200);
      expect(logs).toHaveLength(2);
      expect((await post(await delivery("candidate.interview.failed"))).status).toBe(200);
      expect(logs[2]).toBe("Interview failed for 550e8400-e29b-41d4-a716-446655440000: voicemail");
      const forged = await delivery("candidate.interview.completed", { secret: "another secret" });
      expect((await post(forged)).status).toBe(401);
      expect(logs).toHaveLength(3);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("constructEvent answers 200 to a real delivery and 401 to a forged one", async () => {
    type Receive = (rawBody: Uint8Array, headers: Record<string, string>) => Promise<number>;
    const { receiveVoiceHireWebhook } = await load<{ receiveVoiceHireWebhook: Receive }>(
      "construct-event",
      codeBlocks(english, "ts")[1] ?? "",
    );
    const bytes = (text: string) => new TextEncoder().encode(text);
    const real = await delivery("candidate.interview.completed");
    expect(await receiveVoiceHireWebhook(bytes(real.body), { ...real.headers })).toBe(200);
    expect(logs).toEqual(["Score: 8.5"]);
    expect(await receiveVoiceHireWebhook(bytes(real.body.replace("8.5", "9.5")), { ...real.headers })).toBe(
      401,
    );
    expect(logs).toHaveLength(1);
  });
});

const flaskHarness = `
import contextlib, importlib.util, io, json, os, sys
given = json.load(sys.stdin)
os.environ['VOICEHIRE_WEBHOOK_SECRET'] = given['secret']
spec = importlib.util.spec_from_file_location('doc_example', given['path'])
example = importlib.util.module_from_spec(spec)
spec.loader.exec_module(example)
client = example.app.test_client()
answers = []
for case in given['requests']:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        response = client.post('/webhook/voicehire', data=case['body'].encode('utf-8'), headers=case['headers'])
    answers.append({'status': response.status_code, 'printed': printed.getvalue()})
print(json.dumps(answers))
`;

function flaskAvailable(): boolean {
  const available = spawnSync("python3", ["-c", "import flask"]).status === 0;
  if (!available)
    console.warn(
      "\n*** SKIPPED: python3 with Flask is not available: the docs' Flask example is not run ***\n",
    );
  return available;
}

describe.runIf(flaskAvailable())("the Python (Flask) example, run as printed", () => {
  it("accepts a signed delivery once, prints interview_score, skips tests, refuses bad or missing signatures", async () => {
    const directory = fileURLToPath(
      new URL(`./generated-python-${process.pid}-${Date.now()}/`, import.meta.url),
    );
    mkdirSync(directory, { recursive: true });
    try {
      const path = `${directory}/doc_example.py`;
      writeFileSync(path, codeBlocks(english, "python")[0] ?? "");
      const completed = await delivery("candidate.interview.completed");
      const test = await delivery("candidate.interview.completed", { test: true });
      const forged = await delivery("candidate.interview.completed", { secret: "another secret" });
      const { "x-voicehire-signature": _signature, ...unsigned } = completed.headers;
      const requests = [
        completed,
        completed, // a retry: already processed
        test,
        { body: completed.body.replace("8.5", "9.5"), headers: completed.headers },
        forged,
        { body: completed.body, headers: unsigned },
      ];
      const result = spawnSync("python3", ["-c", flaskHarness], {
        input: JSON.stringify({ secret: SECRET, path, requests }),
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(result.status, result.stderr).toBe(0);
      const answers = JSON.parse(result.stdout) as { status: number; printed: string }[];
      expect(answers).toEqual([
        { status: 200, printed: "Interview completed for Jean Dupont\nScore: 8.5\n" },
        { status: 200, printed: "" },
        { status: 200, printed: "" },
        { status: 401, printed: "" },
        { status: 401, printed: "" },
        { status: 401, printed: "" },
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
