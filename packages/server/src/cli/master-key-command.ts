import type { Command } from "commander";
import { generateMasterKey } from "../domain/secret-box.js";

export function registerMasterKeyCommand(program: Command): void {
  program
    .command("master-key")
    .description("print a new random master key (base64) for VOICEHIRE_MASTER_KEY")
    .action(() => {
      console.log(Buffer.from(generateMasterKey()).toString("base64"));
    });
}
