import { deployCommand } from "../commands/deploy.js";
import { type Values, parseCommand } from "./args.js";
import { resolveRevision } from "./git.js";
import { configOptions, runCli } from "./run.js";
import { DEPLOY } from "./specs.js";

/** --project-dir turns the migration gate on; --allow approves rule ids or categories. */
export function gateOptions(values: Values) {
  const projectDir = values["project-dir"] as string | undefined;
  return projectDir
    ? {
        projectDir,
        allow: String(values.allow ?? "")
          .split(/[\s,]+/)
          .filter(Boolean),
        python: values.python as string | undefined,
      }
    : undefined;
}

export async function deployCli(argv: string[]): Promise<number> {
  const values = parseCommand(DEPLOY, argv);
  const commit = await resolveRevision(values.commit as string, "commit");
  const input = {
    environment: values.env as string,
    image: values.image as string,
    commit,
    dryRun: values["dry-run"] === true,
    ...configOptions(values),
    gate: gateOptions(values),
  };
  return runCli(values.format as string, (ctx) => deployCommand(input, ctx));
}
