import { describe, expect, it } from "vitest";
import { runCli } from "../support/server-process.js";

/** The long option names a help text offers. */
function offeredFlags(help: string): string[] {
  const options = help.slice(
    help.indexOf("Options:"),
    help.indexOf("Commands:") === -1 ? undefined : help.indexOf("Commands:"),
  );
  return [...options.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((match) => match[1] ?? "");
}

describe("the CLI's help", () => {
  it("answers for every command, with exit 0", async () => {
    const commands = [
      "serve",
      "worker",
      "accounts create",
      "accounts list",
      "keys create",
      "keys list",
      "keys revoke",
      "master-key",
      "trigger",
      "recover",
      "migrate-store",
      "listen",
    ];
    const answers = await Promise.all(commands.map((command) => runCli([...command.split(" "), "--help"])));
    answers.forEach((answer, index) => {
      expect(answer.code, commands[index]).toBe(0);
      expect(answer.output).toContain(`Usage: voicehire-webhooks ${commands[index]}`);
    });
  });

  it("offers a worker only the flags a worker uses", async () => {
    const worker = offeredFlags((await runCli(["worker", "--help"])).output);
    expect(worker.sort()).toEqual([
      "--data-dir",
      "--database-url",
      "--dev",
      "--help",
      "--host",
      "--metrics-port",
    ]);
    const help = (await runCli(["worker", "--help"])).output.replace(/\s+/g, " ");
    expect(help).toContain(
      "needs --database-url (or DATABASE_URL) and the API's VOICEHIRE_MASTER_KEY (or --dev)",
    );
    const serve = offeredFlags((await runCli(["serve", "--help"])).output);
    expect(serve).toEqual(expect.arrayContaining(["--port", "--no-workers", "--data-dir", "--database-url"]));
    expect(serve).not.toContain("--metrics-port"); // serve answers /metrics on its API port
  });
});
