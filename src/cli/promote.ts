import { promoteCommand } from "../commands/promote.js";
import { rollbackCommand } from "../commands/rollback.js";
import { parseCommand, type Values } from "./args.js";
import { gateOptions } from "./deploy.js";
import { configOptions, runCli } from "./run.js";
import { PROMOTE, ROLLBACK } from "./specs.js";

/** What a promotion and a rollback share: the reason recorded with the release, dry-run, the configuration. */
function moveOptions(values: Values) {
  return { reason: values.reason as string | undefined, dryRun: values["dry-run"] === true, ...configOptions(values) };
}

export async function promoteCli(argv: string[]): Promise<number> {
  const values = parseCommand(PROMOTE, argv);
  const input = {
    to: values.to as string,
    release: values.release as string | undefined,
    ...moveOptions(values),
    gate: gateOptions(values),
  };
  return runCli(values.format as string, (ctx) => promoteCommand(input, ctx));
}

export async function rollbackCli(argv: string[]): Promise<number> {
  const values = parseCommand(ROLLBACK, argv);
  const input = {
    environment: values.env as string,
    to: values.to as string | undefined,
    force: values.force === true,
    migrateBack: values["migrate-back"] === true,
    ...moveOptions(values),
  };
  return runCli(values.format as string, (ctx) => rollbackCommand(input, ctx));
}
