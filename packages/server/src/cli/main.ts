#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { SERVER_VERSION } from "../version.js";
import { registerAccountCommands } from "./accounts-command.js";
import { describeCliFailure } from "./cli-error.js";
import { registerKeyCommands } from "./keys-command.js";
import { registerListenCommand } from "./listen-command.js";
import { registerMasterKeyCommand } from "./master-key-command.js";
import { registerMigrateStoreCommand } from "./migrate-store-command.js";
import { registerRecoverCommand } from "./recover-command.js";
import { registerServeCommands } from "./serve-command.js";
import { registerTriggerCommand } from "./trigger-command.js";

// Set before the commands are added: subcommands inherit the exit and output settings.
const program = new Command("voicehire-webhooks")
  .description("VoiceHire Webhooks: signed, retried, observable webhook delivery")
  .version(SERVER_VERSION)
  .exitOverride()
  .configureOutput({ outputError: () => {} });

registerServeCommands(program);
registerAccountCommands(program);
registerKeyCommands(program);
registerMasterKeyCommand(program);
registerTriggerCommand(program);
registerRecoverCommand(program);
registerMigrateStoreCommand(program);
registerListenCommand(program);

function usageLine(error: CommanderError): string {
  const text = error.message.replace(/^error: /, "");
  // The (sub)commands named before the first flag or argument: `keys create --help`, `serve --help`.
  const names: string[] = [];
  let command: Command = program;
  for (const arg of process.argv.slice(2)) {
    const sub = command.commands.find((candidate) => candidate.name() === arg);
    if (sub === undefined) break;
    names.push(arg);
    command = sub;
  }
  const help = names.length === 0 ? "--help" : `${names.join(" ")} --help`;
  return describeCliFailure(`${text} (see voicehire-webhooks ${help})`);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // --help, --version and a command group without its subcommand have printed their text already.
    const printed = ["commander.help", "commander.helpDisplayed", "commander.version"].includes(error.code);
    if (!printed) console.error(usageLine(error));
  } else {
    console.error(describeCliFailure(error));
    if (process.env.VOICEHIRE_LOG_LEVEL === "debug" && error instanceof Error) console.error(error.stack);
  }
  process.exit(error instanceof CommanderError ? error.exitCode : 1);
});
