import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigurationError } from "../shared/errors.js";
import { startDjango } from "../core/migrations/django.js";
import { run } from "../local/run.js";
import { findSubcommand, parseCommand } from "./args.js";
import { configOptions, runCli } from "./run.js";
import { MIGRATIONS } from "./specs.js";

/** The JSON document of a failed check: what went wrong, and where when known. */
export function errorJson(error: unknown): { decision: "error"; error: { message: string; file: string | null; line: number | null } } {
  const location = error instanceof ConfigurationError ? error.location : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return { decision: "error", error: { message, file: location?.file ?? null, line: location?.file ? (location.line ?? 1) : null } };
}

const wantsJson = (argv: string[]) => argv.some((arg, i) => arg === "--format=json" || (arg === "--format" && argv[i + 1] === "json"));

/**
 * `runway migrations check …`: the migration gate's analysis. Exit 0 allow, 1 block, 2 bad input.
 * With --format json, stdout is always one JSON document: the report, or the error.
 */
export async function migrationsCli(argv: string[]): Promise<number> {
  if (!wantsJson(argv)) return check(argv);
  try {
    return await check(argv);
  } catch (error) {
    process.stdout.write(`${JSON.stringify(errorJson(error), null, 2)}\n`);
    throw error;
  }
}

async function check(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const values = parseCommand(findSubcommand(MIGRATIONS, sub), rest);
  // Python starts first: its start-up and Django's imports overlap the loading of the rest of
  // Runway (the configuration's schema) and the git pass. The analysis disposes of it; so does
  // the finally below when the check fails before it gets there.
  const projectDir = resolve(process.cwd(), values["project-dir"] as string);
  const python = (values.python as string | undefined) || process.env.RUNWAY_PYTHON || "python3";
  const django = existsSync(projectDir) ? startDjango({ python, cwd: projectDir, env: process.env }, run) : undefined;
  django?.catch(() => {}); // a failure to start is reported where the analysis awaits it
  try {
    const { migrationsCheckCommand, splitList } = await import("../commands/migrations.js");
    // The candidate and base are resolved by the gate's git pass, in the project directory.
    const input = {
      environment: values.env as string,
      candidate: values.candidate as string,
      base: values.base as string | undefined,
      projectDir: values["project-dir"] as string,
      ...configOptions(values),
      allow: splitList(values.allow as string),
      python: values.python as string | undefined,
      settings: values.settings as string | undefined,
      sql: values["no-sql"] !== true,
      summaryStyle: "text" as const,
      django,
    };
    // The Cloud Run client is needed only to read the live release from the ledger.
    return await runCli(values.format as string, (ctx) => migrationsCheckCommand(input, ctx), { clients: input.base === undefined });
  } finally {
    await django?.then((helper) => helper.dispose()).catch(() => {});
  }
}
