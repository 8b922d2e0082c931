import { schedulerCommand } from "../commands/scheduler.js";
import { findSubcommand, parseCommand } from "./args.js";
import { configOptions, runCli } from "./run.js";
import { SCHEDULER } from "./specs.js";

/** `runway scheduler <sync|pause|resume> ...`: the subcommand comes first, as in `gcloud scheduler jobs`. */
export async function schedulerCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const values = parseCommand(findSubcommand(SCHEDULER, command), rest);
  const input = {
    environment: values.env as string,
    command: command as string,
    dryRun: values["dry-run"] === true,
    prune: values.prune === true,
    ...configOptions(values),
  };
  return runCli(values.format as string, (ctx) => schedulerCommand(input, ctx));
}
