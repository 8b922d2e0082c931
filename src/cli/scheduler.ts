import { parseArgs } from "node:util";
import { SCHEDULER_COMMANDS, schedulerCommand } from "../commands/scheduler.js";
import { ConfigurationError } from "../core/errors.js";
import { runCli } from "./run.js";

export const SCHEDULER_USAGE = "usage: runway scheduler sync|pause|resume --env E [--dry-run] [--prune] [--format text|json] [--config-dir DIR]";

/** `runway scheduler <sync|pause|resume> ...`: the subcommand comes first, as in `gcloud scheduler jobs`. */
export async function schedulerCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help") {
    process.stdout.write(`${SCHEDULER_USAGE}\n`);
    return command ? 0 : 2;
  }
  if (!(SCHEDULER_COMMANDS as readonly string[]).includes(command)) {
    throw new ConfigurationError(`unknown scheduler command ${JSON.stringify(command)}\n${SCHEDULER_USAGE}`, { field: "command" });
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      env: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      prune: { type: "boolean", default: false },
      format: { type: "string", default: "text" },
      "config-dir": { type: "string", default: "environments" },
    },
    strict: true,
  });
  if (!values.env) throw new ConfigurationError(`--env is required\n${SCHEDULER_USAGE}`, { field: "env" });
  if (!["text", "json"].includes(values.format as string)) throw new ConfigurationError(`--format must be text or json, got ${JSON.stringify(values.format)}`, { field: "format" });
  const input = {
    environment: values.env,
    command,
    dryRun: values["dry-run"] as boolean,
    prune: values.prune as boolean,
    configDir: values["config-dir"] as string,
    root: process.cwd(),
  };
  return runCli(values.format, (ctx) => schedulerCommand(input, ctx));
}
