import { parseArgs } from "node:util";
import { deployCommand } from "../commands/deploy.js";
import { ConfigurationError } from "../core/errors.js";
import { runCli } from "./run.js";

export const DEPLOY_USAGE = "usage: runway deploy --env E --image I --commit SHA [--dry-run] [--format text|json] [--config-dir DIR]";

export async function deployCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: "string" },
      image: { type: "string" },
      commit: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      format: { type: "string", default: "text" },
      "config-dir": { type: "string", default: "environments" },
    },
    strict: true,
  });
  for (const required of ["env", "image", "commit"] as const) {
    if (!values[required]) throw new ConfigurationError(`--${required} is required\n${DEPLOY_USAGE}`, { field: required });
  }
  if (!["text", "json"].includes(values.format as string)) throw new ConfigurationError(`--format must be text or json, got ${JSON.stringify(values.format)}`, { field: "format" });
  const input = { environment: values.env as string, image: values.image as string, commit: values.commit as string, dryRun: values["dry-run"] as boolean, configDir: values["config-dir"] as string, root: process.cwd() };
  return runCli(values.format, (ctx) => deployCommand(input, ctx));
}
