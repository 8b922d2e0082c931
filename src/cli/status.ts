import { parseArgs } from "node:util";
import { statusCommand } from "../commands/status.js";
import { ConfigurationError } from "../shared/errors.js";
import type { EnvironmentStatus } from "../core/status.js";
import { renderStatusText, wantsColor } from "../present/terminal/index.js";
import { configOptions, runCli } from "./run.js";

export async function statusCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: "string" },
      format: { type: "string", default: "text" },
      "config-dir": { type: "string", default: "environments" },
    },
    strict: true,
  });
  if (!["text", "json"].includes(values.format as string))
    throw new ConfigurationError(`--format must be text or json, got ${JSON.stringify(values.format)}`, { field: "format" });
  return runCli(values.format, async (ctx) => {
    const result = await statusCommand({ environment: values.env, ...configOptions(values) }, ctx);
    // A terminal gets a plain table; the Markdown summary is for GitHub step summaries.
    return {
      ...result,
      summary: renderStatusText(result.json as EnvironmentStatus[], ctx.clock.now(), { color: wantsColor(process.stdout) }),
    };
  });
}
