// The Django pass: one Python process runs the helper that ships with Runway, inside the user's
// project, and answers with facts (graph, plan, operations, SQL, missing migrations).
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DJANGO_HELPER } from "../../../scripts/django/helper.js";
import { ConfigurationError } from "../errors.js";
import type { Runner } from "./runner.js";
import type { DjangoFacts } from "./types.js";

export interface DjangoPassInput {
  /** The candidate's project directory on disk. */
  dir: string;
  /** Added to the helper's paths so errors name files relative to the repository. */
  prefix: string;
  python: string;
  /** DJANGO_SETTINGS_MODULE; read from env, then from manage.py, when not given. */
  settings?: string;
  env: Record<string, string | undefined>;
  /** Overrides DATABASES["default"] for the SQL pass; the settings' own database otherwise. */
  databaseUrl?: string;
  sql: boolean;
  /** Migration files new since the base; null when every migration is new. */
  newFiles: string[] | null;
  deletedFiles: string[];
  modified: { file: string; base: string }[];
}

interface HelperError {
  kind: string;
  message: string;
  file: string | null;
  line: number | null;
}

export async function settingsModule(dir: string, env: Record<string, string | undefined>, given?: string): Promise<string> {
  const named = given || env.DJANGO_SETTINGS_MODULE;
  if (named) return named;
  const manage = join(dir, "manage.py");
  if (!existsSync(manage)) {
    throw new ConfigurationError(`${dir} is not a Django project: it has no manage.py, and DJANGO_SETTINGS_MODULE is not set (use project-dir to point at the project)`, { field: "project-dir" });
  }
  const match = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(await readFile(manage, "utf8"));
  if (!match?.[1]) throw new ConfigurationError("manage.py does not name a settings module; set DJANGO_SETTINGS_MODULE", { file: manage, field: "DJANGO_SETTINGS_MODULE" });
  return match[1];
}

export async function djangoPass(input: DjangoPassInput, deps: { runner: Runner; scratch: string }): Promise<DjangoFacts> {
  const settings = await settingsModule(input.dir, input.env, input.settings);
  const [helper, request, result] = ["runway_gate.py", "request.json", "result.json"].map((name) => join(deps.scratch, name)) as [string, string, string];
  await writeFile(helper, DJANGO_HELPER);
  const { newFiles, deletedFiles, modified, databaseUrl, sql } = input;
  await writeFile(request, JSON.stringify({ newFiles, deletedFiles, modified, databaseUrl, sql }));
  // No __pycache__ left in the user's tree; the settings module is the one we resolved.
  const env = { ...input.env, DJANGO_SETTINGS_MODULE: settings, PYTHONDONTWRITEBYTECODE: "1" };
  const spawned = Date.now();
  const run = await deps.runner(input.python, [helper, request, result], { cwd: input.dir, env }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
    throw new ConfigurationError(
      `Python was not found: ${input.python}. Install Python with the project's requirements (actions/setup-python, then pip install -r requirements.txt) and pass its path (--python, input \`python\`)`,
      { field: "python" },
    );
  });
  const text = await readFile(result, "utf8").catch(() => "");
  if (!text) throw new ConfigurationError(`${input.python} could not run Runway's Django helper (exit ${run.code}):\n${run.stderr.trim().split("\n").slice(-15).join("\n")}`, { field: "python" });
  const facts = JSON.parse(text) as DjangoFacts & { error?: HelperError };
  if (facts.error) throw helperError(facts.error, input.prefix);
  const { started, ...parts } = (facts.timings ?? {}) as Record<string, number>;
  // From spawning Python to the helper's first line: the interpreter's own start-up.
  facts.timings = { ...parts, python: started === undefined ? 0 : started - spawned };
  return facts;
}

function helperError(error: HelperError, prefix: string): Error {
  if (error.kind === "internal") return new Error(`Runway's Django helper failed:\n${error.message}`);
  const file = error.file ? `${prefix}${error.file}` : undefined;
  const named = file && error.file ? error.message.replaceAll(error.file, file) : error.message;
  // The CLI prints the message only: it names the place, as the annotation does.
  const message = file && !named.includes(file) ? `${named} (${file} line ${error.line ?? 1})` : named;
  return new ConfigurationError(message, file ? { file, line: error.line ?? 1 } : { field: error.kind === "database" ? "DATABASE_URL" : "project-dir" });
}
