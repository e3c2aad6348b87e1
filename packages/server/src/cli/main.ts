#!/usr/bin/env node
import { Command } from "commander";
import { ConfigError } from "../config/service-config.js";
import { SERVER_VERSION } from "../version.js";
import { registerAccountCommands } from "./accounts-command.js";
import { registerKeyCommands } from "./keys-command.js";
import { registerListenCommand } from "./listen-command.js";
import { registerMasterKeyCommand } from "./master-key-command.js";
import { registerMigrateStoreCommand } from "./migrate-store-command.js";
import { registerRecoverCommand } from "./recover-command.js";
import { registerServeCommands } from "./serve-command.js";
import { registerTriggerCommand } from "./trigger-command.js";

const program = new Command("voicehire-webhooks")
  .description("VoiceHire Webhooks: signed, retried, observable webhook delivery")
  .version(SERVER_VERSION)
  .showHelpAfterError();

registerServeCommands(program);
registerAccountCommands(program);
registerKeyCommands(program);
registerMasterKeyCommand(program);
registerTriggerCommand(program);
registerRecoverCommand(program);
registerMigrateStoreCommand(program);
registerListenCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  // Configuration and usage errors name the setting: print them plainly, without a stack.
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof ConfigError || message.startsWith("voicehire-webhooks:") ? message : error);
  process.exitCode = 1;
});
