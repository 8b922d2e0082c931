import { parseArgs } from "node:util";
import { previewCommand } from "../commands/preview.js";
import { ConfigurationError } from "../core/errors.js";
import { runCli } from "./run.js";

const USAGE = "usage: runway preview deploy|cleanup --pr N [--image I --commit SHA] [--env dev] [--format text|json]";

export async function previewCli(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== "deploy" && action !== "cleanup") throw new ConfigurationError(`preview: expected deploy or cleanup\n${USAGE}`, { field: "action" });
  const { values } = parseArgs({
    args: rest,
    options: { pr: { type: "string" }, image: { type: "string" }, commit: { type: "string" }, env: { type: "string", default: "dev" }, format: { type: "string", default: "text" }, "config-dir": { type: "string", default: "environments" } },
    strict: true,
  });
  if (!values.pr) throw new ConfigurationError(`--pr is required\n${USAGE}`, { field: "pr" });
  const input = { action: action as "deploy" | "cleanup", pr: values.pr, image: values.image, commit: values.commit, fork: false, environment: values.env as string, configDir: values["config-dir"] as string, root: process.cwd() };
  return runCli(values.format, (ctx) => previewCommand(input, ctx));
}
