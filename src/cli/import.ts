import { importCommand } from "../commands/import.js";
import { parseCommand } from "./args.js";
import { configOptions, runCli } from "./run.js";
import { IMPORT } from "./specs.js";

export async function importCli(argv: string[]): Promise<number> {
  const values = parseCommand(IMPORT, argv);
  const input = {
    environment: values.env as string,
    service: values.service as string,
    ...configOptions(values),
    force: values.force === true,
    dryRun: values["dry-run"] === true,
  };
  return runCli(values.format as string, (ctx) => importCommand(input, ctx));
}
