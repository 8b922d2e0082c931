import { parseArgs } from "node:util";
import { promoteCommand } from "../commands/promote.js";
import { rollbackCommand } from "../commands/rollback.js";
import { ConfigurationError } from "../core/errors.js";
import { COMMON_OPTIONS, gateOptions } from "./deploy.js";
import { runCli } from "./run.js";

function format(value: unknown): string {
  if (!["text", "json"].includes(value as string)) throw new ConfigurationError(`--format must be text or json, got ${JSON.stringify(value)}`, { field: "format" });
  return value as string;
}

export async function promoteCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      to: { type: "string" },
      release: { type: "string" },
      reason: { type: "string" },
      ...COMMON_OPTIONS,
    },
    strict: true,
  });
  if (!values.to) throw new ConfigurationError("--to is required\nusage: runway promote --to E [--release ID] [--reason TEXT] [--dry-run] [--format text|json]", { field: "to" });
  const input = { to: values.to, release: values.release, reason: values.reason, dryRun: values["dry-run"] as boolean, configDir: values["config-dir"] as string, root: process.cwd(), gate: gateOptions(values) };
  return runCli(format(values.format), (ctx) => promoteCommand(input, ctx));
}

export async function rollbackCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: "string" },
      to: { type: "string" },
      reason: { type: "string" },
      force: { type: "boolean", default: false },
      "migrate-back": { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      format: { type: "string", default: "text" },
      "config-dir": { type: "string", default: "environments" },
    },
    strict: true,
  });
  if (!values.env) throw new ConfigurationError("--env is required\nusage: runway rollback --env E [--to REVISION|RELEASE] [--force] [--migrate-back] [--dry-run] [--format text|json]", { field: "env" });
  const input = { environment: values.env, to: values.to, reason: values.reason, force: values.force as boolean, migrateBack: values["migrate-back"] as boolean, dryRun: values["dry-run"] as boolean, configDir: values["config-dir"] as string, root: process.cwd() };
  return runCli(format(values.format), (ctx) => rollbackCommand(input, ctx));
}
