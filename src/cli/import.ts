import { parseArgs } from "node:util";
import { importCommand } from "../commands/import.js";
import { ConfigurationError } from "../core/errors.js";
import { runCli } from "./run.js";

export const IMPORT_USAGE = "usage: runway import --env NAME --service projects/P/locations/R/services/S [--config-dir DIR] [--force] [--dry-run] [--format text|json]";

export async function importCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: "string" },
      service: { type: "string" },
      "config-dir": { type: "string", default: "environments" },
      force: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      format: { type: "string", default: "text" },
    },
    strict: true,
  });
  if (!values.env) throw new ConfigurationError(`--env is required\n${IMPORT_USAGE}`, { field: "env" });
  if (!values.service) throw new ConfigurationError(`--service is required\n${IMPORT_USAGE}`, { field: "service" });
  const input = { environment: values.env, service: values.service, configDir: values["config-dir"] as string, root: process.cwd(), force: values.force === true, dryRun: values["dry-run"] === true };
  return runCli(values.format, (ctx) => importCommand(input, ctx));
}
