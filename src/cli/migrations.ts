import { migrationsCheckCommand, splitList } from "../commands/migrations.js";
import { findSubcommand, parseCommand } from "./args.js";
import { runCli } from "./run.js";
import { MIGRATIONS } from "./specs.js";

/** `runway migrations check …`: the migration gate's analysis. Exit 0 allow, 1 block, 2 bad input. */
export async function migrationsCli(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const values = parseCommand(findSubcommand(MIGRATIONS, sub), rest);
  // The candidate and base are resolved by the gate's git pass, in the project directory.
  const input = {
    environment: values.env as string,
    candidate: values.candidate as string,
    base: values.base as string | undefined,
    projectDir: values["project-dir"] as string,
    configDir: values["config-dir"] as string,
    root: process.cwd(),
    allow: splitList(values.allow as string),
    python: values.python as string | undefined,
    settings: values.settings as string | undefined,
    sql: values["no-sql"] !== true,
    summaryStyle: "text" as const,
  };
  return runCli(values.format as string, (ctx) => migrationsCheckCommand(input, ctx));
}
