// The Django pass: one Python process runs the helper that ships with Runway (src/django/
// runway_django.py, dist/django/ in the bundle), inside the user's project, and answers with facts
// (graph, plan, operations, SQL, missing migrations).
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { djangoHelperPath } from "../../django/helper-path.js";
import { ConfigurationError } from "../../shared/errors.js";
import type { Runner, RunResult } from "./runner.js";
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
    throw new ConfigurationError(
      `${dir} is not a Django project: it has no manage.py, and DJANGO_SETTINGS_MODULE is not set (use project-dir to point at the project)`,
      { field: "project-dir" },
    );
  }
  const match = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(await readFile(manage, "utf8"));
  if (!match?.[1])
    throw new ConfigurationError("manage.py does not name a settings module; set DJANGO_SETTINGS_MODULE", {
      file: manage,
      field: "DJANGO_SETTINGS_MODULE",
    });
  return match[1];
}

/**
 * The helper's process, started before its request is known: Python and Django's own modules
 * load while the git pass runs. `djangoPass` sends the request; `dispose` stops it if unused.
 */
export interface DjangoProcess {
  python: string;
  /** Its own scratch directory: the helper, its result, and room for the other passes' files. */
  scratch: string;
  result: string;
  /** When it was spawned: epoch ms, and ms since this process started. */
  spawned: number;
  spawnedAt: number;
  running: Promise<{ run?: RunResult; error?: NodeJS.ErrnoException }>;
  send(request: object): void;
  /** Stops the process if its request was never sent, and removes the scratch directory. */
  dispose(): Promise<void>;
}

export interface DjangoStart {
  python: string;
  /** Where to start it: the project directory (the request may name another, an export of the candidate). */
  cwd: string;
  env: Record<string, string | undefined>;
}

export async function startDjango(start: DjangoStart, runner: Runner): Promise<DjangoProcess> {
  const shipped = djangoHelperPath();
  const scratch = await mkdtemp(join(tmpdir(), "runway-gate-"));
  const [helper, result] = ["runway_gate.py", "result.json"].map((name) => join(scratch, name)) as [string, string];
  // Run from a copy in the scratch directory: Python puts the script's directory first on sys.path,
  // and there it holds nothing the project could import by mistake.
  await copyFile(shipped, helper);
  let send: (text: string) => void = () => {};
  let cancel: (why: Error) => void = () => {};
  const input = new Promise<string>((resolve, reject) => {
    send = resolve;
    cancel = reject;
  });
  // No __pycache__ left in the user's tree.
  const env = { ...start.env, PYTHONDONTWRITEBYTECODE: "1" };
  const spawned = Date.now();
  const spawnedAt = performance.now();
  const running = runner(start.python, [helper, "-", result], { cwd: start.cwd, env, input }).then(
    (run) => ({ run }),
    (error: NodeJS.ErrnoException) => ({ error }),
  );
  let disposed: Promise<void> | undefined;
  const dispose = () => {
    cancel(new Error("the Django pass was not needed")); // a no-op once the request was sent
    disposed ??= rm(scratch, { recursive: true, force: true });
    return disposed;
  };
  return { python: start.python, scratch, result, spawned, spawnedAt, running, send: (request) => send(JSON.stringify(request)), dispose };
}

export async function djangoPass(input: DjangoPassInput, process: DjangoProcess): Promise<DjangoFacts> {
  const settings = await settingsModule(input.dir, input.env, input.settings);
  const { dir, newFiles, deletedFiles, modified, databaseUrl, sql } = input;
  // The settings module is the one we resolved.
  process.send({ dir, settings, newFiles, deletedFiles, modified, databaseUrl, sql });
  const { run, error } = await process.running;
  if (error) {
    if (error.code !== "ENOENT") throw error;
    throw new ConfigurationError(
      `Python was not found: ${input.python}. Install Python with the project's requirements (actions/setup-python, then pip install -r requirements.txt) and pass its path (--python, input \`python\`)`,
      { field: "python" },
    );
  }
  const text = await readFile(process.result, "utf8").catch(() => "");
  if (!text)
    throw new ConfigurationError(
      `${input.python} could not run Runway's Django helper (exit ${run?.code}):\n${(run?.stderr ?? "").trim().split("\n").slice(-15).join("\n")}`,
      { field: "python" },
    );
  const facts = JSON.parse(text) as DjangoFacts & { error?: HelperError };
  if (facts.error) throw helperError(facts.error, input.prefix);
  const { started, finished, ...parts } = (facts.timings ?? {}) as Record<string, number>;
  // From spawning Python to the helper's first line: the interpreter's own start-up; from its
  // result to here: the process's exit and the result read.
  const exit = finished === undefined ? 0 : Date.now() - finished;
  facts.timings = { spawn: process.spawnedAt, python: started === undefined ? 0 : started - process.spawned, ...parts, exit };
  return facts;
}

function helperError(error: HelperError, prefix: string): Error {
  if (error.kind === "internal") return new Error(`Runway's Django helper failed:\n${error.message}`);
  const file = error.file ? `${prefix}${error.file}` : undefined;
  const named = file && error.file ? error.message.replaceAll(error.file, file) : error.message;
  // The CLI prints the message only: it names the place, as the annotation does.
  const message = file && !named.includes(file) ? `${named} (${file} line ${error.line ?? 1})` : named;
  return new ConfigurationError(
    message,
    file ? { file, line: error.line ?? 1 } : { field: error.kind === "database" ? "DATABASE_URL" : "project-dir" },
  );
}
