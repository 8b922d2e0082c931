import { parseArgs } from "node:util";
import { deployCommand } from "../commands/deploy.js";
import { ConfigurationError } from "../core/errors.js";
import { runCli } from "./run.js";

export const DEPLOY_USAGE = "usage: runway deploy --env E --image I --commit SHA [--dry-run] [--format text|json] [--config-dir DIR] [--project-dir DIR [--allow RULES] [--python PY]]";

/** --project-dir turns the migration gate on; --allow approves rule ids or categories. */
export function gateOptions(values: { "project-dir"?: string; allow?: string; python?: string }) {
  return values["project-dir"] ? { projectDir: values["project-dir"], allow: (values.allow ?? "").split(/[\s,]+/).filter(Boolean), python: values.python } : undefined;
}

/** The options deploy and promote share: output, config and the migration gate. */
export const COMMON_OPTIONS = {
  "dry-run": { type: "boolean", default: false },
  format: { type: "string", default: "text" },
  "config-dir": { type: "string", default: "environments" },
  "project-dir": { type: "string" },
  allow: { type: "string", default: "" },
  python: { type: "string" },
} as const;

export async function deployCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: "string" },
      image: { type: "string" },
      commit: { type: "string" },
      ...COMMON_OPTIONS,
    },
    strict: true,
  });
  for (const required of ["env", "image", "commit"] as const) {
    if (!values[required]) throw new ConfigurationError(`--${required} is required\n${DEPLOY_USAGE}`, { field: required });
  }
  if (!["text", "json"].includes(values.format as string)) throw new ConfigurationError(`--format must be text or json, got ${JSON.stringify(values.format)}`, { field: "format" });
  const input = { environment: values.env as string, image: values.image as string, commit: values.commit as string, dryRun: values["dry-run"] as boolean, configDir: values["config-dir"] as string, root: process.cwd(), gate: gateOptions(values) };
  return runCli(values.format, (ctx) => deployCommand(input, ctx));
}
