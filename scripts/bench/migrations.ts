// Migration gate benchmark: generated Django projects of about 200 and 1,000 migrations with 2
// and 20 new ones. The gate runs as a whole process (`node dist/runway/index.js migrations check`),
// as CI runs it, and reports where its time went; the baseline is django-migration-linter's
// approach run for real on the same project and the same new migrations (linter_approach.py).
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startPostgres } from "../../src/local/postgres.js";
import { ensureVenv, type Venv } from "../../src/local/python.js";
import { replaceSection, type Section } from "./report.js";

const APPS = 10;
const MODELS = 5;
const RUNS = 7;
// RUNWAY_BENCH_CLI times another build of the CLI (an older commit's dist/) the same way.
const CLI = resolve(process.env.RUNWAY_BENCH_CLI ?? "dist/runway/index.js");
const LINTER = fileURLToPath(new URL("linter_approach.py", import.meta.url));

export interface Size {
  /** Migrations per generated app (the project adds Django's contrib apps' own). */
  perApp: number;
  /** New migrations since the base, the last ones of the first apps. */
  fresh: number;
}

export const SIZES: Size[] = [
  { perApp: 18, fresh: 2 },
  { perApp: 98, fresh: 20 },
];

// ---------------------------------------------------------------- the generated project

const CONTRIB = [
  "django.contrib.contenttypes",
  "django.contrib.auth",
  "django.contrib.admin",
  "django.contrib.sessions",
  "django.contrib.messages",
];

const SETTINGS = (apps: string[]) => `import os
from urllib.parse import urlsplit
SECRET_KEY = "bench"
INSTALLED_APPS = ${JSON.stringify([...CONTRIB, ...apps])}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
_url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1/postgres"))
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": _url.path.lstrip("/"), "USER": _url.username or "", "HOST": _url.hostname or "", "PORT": str(_url.port or "")}}
`;

const MANAGE = `import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
from django.core.management import execute_from_command_line
execute_from_command_line(sys.argv)
`;

const ENVIRONMENT = `name: bench
project: bench-project
region: europe-west1
service:
  name: web-bench
migrations:
  job: web-bench-migrate
  policy:
    contract: require-approval
    locking: require-approval
    irreversible: block
`;

const OWNER = `("owner", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL))`;

/** Migration n (1-based) of an app: 0001 creates the models (one with a user foreign key), each later one adds a field; the new ones add risky fields. */
function migration(app: string, n: number, isNew: boolean): { name: string; text: string; field?: string } {
  const name = `${String(n).padStart(4, "0")}_step`;
  const model = `m${n % MODELS}`;
  const deps =
    n === 1 ? "[migrations.swappable_dependency(settings.AUTH_USER_MODEL)]" : `[("${app}", "${String(n - 1).padStart(4, "0")}_step")]`;
  const field =
    n === 1
      ? undefined
      : isNew
        ? n % 2
          ? "models.IntegerField(default=0)"
          : "models.CharField(max_length=40, null=True, db_index=True)"
        : "models.CharField(max_length=40, null=True)";
  const id = `("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"))`;
  const ops =
    n === 1
      ? Array.from({ length: MODELS }, (_, i) => `migrations.CreateModel(name="M${i}", fields=[${id}${i === 0 ? `, ${OWNER}` : ""}])`)
      : [`migrations.AddField(model_name="${model}", name="f${n}", field=${field})`];
  const text = `import django.db.models.deletion\nfrom django.conf import settings\nfrom django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = ${deps}\n    operations = [\n        ${ops.join(",\n        ")},\n    ]\n`;
  return { name, text, field: field && `f${n} = ${field}` };
}

function modelsPy(fields: string[][]): string {
  const body = fields.map((f, i) => {
    const lines = i === 0 ? ['owner = models.ForeignKey("auth.User", null=True, on_delete=models.CASCADE)', ...f] : f;
    return `class M${i}(models.Model):\n${lines.length ? lines.map((l) => `    ${l}`).join("\n") : "    pass"}\n`;
  });
  return `from django.db import models\n\n\n${body.join("\n\n")}`;
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const git = (dir: string, ...args: string[]) =>
  execFileSync(
    "git",
    [
      "-c",
      "user.name=bench",
      "-c",
      "user.email=bench@runway.invalid",
      "-c",
      "init.defaultBranch=main",
      "-c",
      "commit.gpgsign=false",
      ...args,
    ],
    { cwd: dir, encoding: "utf8" },
  ).trim();

export interface Project {
  dir: string;
  base: string;
  candidate: string;
  /** Migrations in the candidate, Django's contrib apps' included. */
  total: number;
  fresh: { app: string; name: string }[];
}

/** The project, committed twice: without the new migrations (the base), then with them (checked out). */
export function generate(size: Size, python: string): Project {
  const dir = mkdtempSync(join(tmpdir(), "runway-bench-django-"));
  const apps = Array.from({ length: APPS }, (_, i) => `app${i}`);
  write(dir, "manage.py", MANAGE);
  write(dir, "config/__init__.py", "");
  write(dir, "config/settings.py", SETTINGS(apps));
  write(dir, "environments/bench.yaml", ENVIRONMENT);
  const fresh: { app: string; name: string; text: string }[] = [];
  // The new migrations: the last ones of each app in turn, app0 first.
  const newIn = (a: number) => Math.floor(size.fresh / APPS) + (a < size.fresh % APPS ? 1 : 0);
  apps.forEach((app, a) => {
    const fields: string[][] = Array.from({ length: MODELS }, () => []);
    write(dir, `${app}/__init__.py`, "");
    write(dir, `${app}/migrations/__init__.py`, "");
    for (let n = 1; n <= size.perApp; n++) {
      const isNew = n > size.perApp - newIn(a);
      const m = migration(app, n, isNew);
      if (m.field) fields[n % MODELS]?.push(m.field);
      if (isNew) fresh.push({ app, name: m.name, text: m.text });
      else write(dir, `${app}/migrations/${m.name}.py`, m.text);
    }
    write(dir, `${app}/models.py`, modelsPy(fields));
  });
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "base");
  const base = git(dir, "rev-parse", "HEAD");
  for (const f of fresh) write(dir, `${f.app}/migrations/${f.name}.py`, f.text);
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "candidate");
  const contrib = Number(
    execFileSync(
      python,
      [
        "-c",
        "import django, pathlib; print(sum(1 for a in ('contenttypes','auth','admin','sessions') for f in (pathlib.Path(django.__file__).parent/'contrib'/a/'migrations').glob('0*.py')))",
      ],
      { encoding: "utf8" },
    ).trim(),
  );
  return { dir, base, candidate: git(dir, "rev-parse", "HEAD"), total: contrib + APPS * size.perApp, fresh };
}

// ---------------------------------------------------------------- the measures

interface Timed {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A whole process, from spawn to exit. */
function timeProcess(command: string, args: string[], cwd: string, env: Record<string, string | undefined>): Promise<Timed> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ ms: performance.now() - started, code, stdout, stderr }));
  });
}

const baseEnv = (url: string) => ({ PATH: process.env.PATH, HOME: process.env.HOME, LANG: "C.UTF-8", DATABASE_URL: url });

export interface GateRun extends Timed {
  parts: Record<string, number>;
  peakMb: number;
  findings: { rule: string }[];
}

/** `runway migrations check` as CI runs it: the checkout is at the candidate. */
export async function timeGate(project: Project, venv: Venv, url: string): Promise<GateRun> {
  const env = { ...baseEnv(url), RUNWAY_PYTHON: venv.python };
  const args = [CLI, "migrations", "check", "--env", "bench", "--base", project.base, "--candidate", project.candidate, "--format", "json"];
  const run = await timeProcess(process.execPath, args, project.dir, env);
  if (run.code !== 0 && run.code !== 1) throw new Error(`the gate failed (exit ${run.code}): ${run.stderr}`);
  const line = /gate timings \(ms\): ([^;\n]*)/.exec(run.stderr)?.[1] ?? "";
  const parts = Object.fromEntries(
    line
      .split(", ")
      .map((p) => p.split(" "))
      .map(([name, ms]) => [name as string, Number(ms)]),
  );
  const peakMb = Number(/python peak memory (\d+) MB/.exec(run.stderr)?.[1] ?? 0);
  return { ...run, parts, peakMb, findings: JSON.parse(run.stdout).findings };
}

/** The baseline: django-migration-linter's approach, one process, call_command("sqlmigrate") per new migration. */
export async function timeLinterApproach(project: Project, venv: Venv, url: string): Promise<Timed & { linted: number; errors: number }> {
  // No bytecode written, as the gate runs Python: both compile the project's modules from source, as on a fresh checkout.
  const env = { ...baseEnv(url), DJANGO_SETTINGS_MODULE: "config.settings", PYTHONDONTWRITEBYTECODE: "1" };
  const run = await timeProcess(venv.python, [LINTER, project.base, project.candidate], project.dir, env);
  if (run.code !== 0) throw new Error(`the linter's approach failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { linted: number; errors: unknown[] };
  if (result.linted !== project.fresh.length)
    throw new Error(`the linter's approach linted ${result.linted} migrations, not ${project.fresh.length}`);
  return { ...run, linted: result.linted, errors: result.errors.length };
}

/** An empty Node process and an empty Python one: the floor under each. */
const floor = async (command: string, args: string[]) =>
  median(await repeat(() => timeProcess(command, args, tmpdir(), { PATH: process.env.PATH })));

async function repeat<T>(measure: () => Promise<T>, times = RUNS): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await measure());
  return results;
}

const median = <T extends { ms: number }>(runs: T[]): T => [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)] as T;
const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * The parts, as named in the timing line, grouped as the issue asks. Two lanes run at once:
 * Node (start-up, module loading, git) and Python (spawned early, it loads Django meanwhile);
 * squawk and the rules follow Python. The Python lane and what follows it is the critical path.
 */
export function groupParts(p: Record<string, number>): [string, number][] {
  const v = (name: string) => p[name] ?? 0;
  return [
    ["Node lane: start-up and module loading (process start to the analysis)", v("start")],
    ["Node lane: git (changes, candidate tree)", v("git")],
    ["Python lane: spawned at (ms after the process started)", v("spawn")],
    ["Python lane: interpreter start-up (spawn to the helper's first line)", v("python")],
    ["Python lane: Django's own modules, loaded before the request", v("prewarm")],
    ["Python lane: waiting for the request (git not done yet)", v("wait")],
    ["Python lane: the project's settings, apps and models (django.setup)", v("imports") + v("django")],
    ["Python lane: PostgreSQL connection", v("connect")],
    ["Python lane: migration graph (MigrationLoader imports every migration)", v("graph")],
    ["Python lane: state replay up to the new migrations", v("walk") - v("analysis")],
    ["Python lane: new migrations: operation facts and SQL collection (as sqlmigrate)", v("analysis")],
    ["Python lane: missing-migration check (autodetector on the replayed state)", v("missing")],
    ["Python lane: edited migrations: same-effect check", v("sameEffect")],
    ["Python lane: the process's exit and the result read", v("exit")],
    ["after Python: squawk", v("squawk")],
    ["after Python: rules, acknowledgements and report", v("rules")],
  ];
}

export async function measureSize(size: Size, venv: Venv, url: string, runs = RUNS) {
  const project = generate(size, venv.python);
  try {
    await timeGate(project, venv, url); // warm the file cache; the project's own bytecode is never written
    const gates = await repeat(() => timeGate(project, venv, url), runs);
    const linters = await repeat(() => timeLinterApproach(project, venv, url), runs);
    const parts = Object.fromEntries(
      Object.keys(gates[0]?.parts ?? {}).map((name) => [name, medianOf(gates.map((g) => g.parts[name] ?? 0))]),
    );
    return { project, gate: median(gates), gates, parts, linter: median(linters), linters };
  } finally {
    rmSync(project.dir, { recursive: true, force: true });
  }
}

export async function migrationsBench(): Promise<Section> {
  const venv = await ensureVenv({ requirementsFile: "test/fixtures/django-app/requirements.txt" });
  const pg = await startPostgres();
  try {
    const postgres = execFileSync("psql", [pg.url, "-Atc", "show server_version"], { encoding: "utf8" }).trim();
    const django = execFileSync(venv.python, ["-c", "import django; print(django.get_version())"], { encoding: "utf8" }).trim();
    const python = execFileSync(venv.python, ["-c", "import platform; print(platform.python_version())"], { encoding: "utf8" }).trim();
    const loadBefore = loadavg()[0] ?? 0;
    const nodeFloor = await floor(process.execPath, ["-e", "0"]);
    const pythonFloor = await floor(venv.python, ["-c", "0"]);
    const rows: [string, string, string][] = [];
    const targets = ["≤ 1.2 s", "≤ 2 s"];
    const misses: string[] = [];
    for (const [i, size] of SIZES.entries()) {
      const m = await measureSize(size, venv, pg.url);
      const label = `${m.project.total.toLocaleString("en")} migrations, ${m.project.fresh.length} new`;
      const ratio = m.linter.ms / m.gate.ms;
      const target = targets[i] ?? "reported";
      rows.push([
        `**gate, whole process** (${label}; runs: ${m.gates.map((g) => seconds(g.ms)).join(", ")})`,
        `**${seconds(m.gate.ms)}**`,
        target,
      ]);
      if (target.startsWith("≤") && m.gate.ms / 1000 > Number(target.replace(/[^\d.]/g, "")))
        misses.push(`${label}: ${seconds(m.gate.ms)} against ${target}`);
      for (const [name, ms] of groupParts(m.parts)) rows.push([`  ${name}`, `${Math.round(ms)} ms`, "reported"]);
      rows.push([
        `baseline: the linter's approach, whole process (${label}, same commits; runs: ${m.linters.map((g) => seconds(g.ms)).join(", ")})`,
        `${seconds(m.linter.ms)} (the gate is ${ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(1)}× slower`})`,
        "gate faster",
      ]);
      if (ratio < 1) misses.push(`${label}: the gate is slower than the linter's approach`);
      rows.push([`peak memory of the gate's Python process (${label})`, `${m.gate.peakMb} MB`, "reported"]);
      rows.push([
        `findings: gate / linter's approach (${label})`,
        `${m.gate.findings.length} (${[...new Set(m.gate.findings.map((f) => f.rule))].join(", ")}) / ${m.linter.errors}`,
        "reported",
      ]);
    }
    const loadAfter = loadavg()[0] ?? 0;
    rows.push([
      "for scale: an empty `node -e 0` / `python -c 0` process",
      `${Math.round(nodeFloor.ms)} ms / ${Math.round(pythonFloor.ms)} ms`,
      "floor",
    ]);
    return {
      title: "Migration gate",
      intro: [
        `Generated Django projects (Django ${django}, Python ${python}, PostgreSQL ${postgres} on loopback): Django's contrib apps (contenttypes, auth, admin, sessions, messages) and 10 apps of 5 models, one with a foreign key to the user, then one migration per added field. The new migrations are the last ones of the first apps; they add a NOT NULL column with a Python default or an indexed column.`,
        "The gate is the bundled CLI as a whole process, `node dist/runway/index.js migrations check --env bench --base B --candidate C --format json`, timed from spawn to exit, with the checkout at the candidate and the project's bytecode never written (as on a fresh checkout: every migration module is compiled from source on each run). Its parts come from the timing line the gate logs, the median of each over the runs. Two lanes run at once: Node (start-up, module loading, git) and Python, which the CLI spawns first and which loads Django's own modules while Node loads the rest of Runway and asks git what changed; squawk and the rules follow Python. So the parts do not add up to the total: the Python lane, from its spawn, plus what follows it, does.",
        "The baseline is django-migration-linter's approach run for real on the same project and the same two commits (`scripts/bench/linter_approach.py`): one Python process that asks git for the changed migrations, starts Django, loads the migration graph, calls `call_command(\"sqlmigrate\")` for each new migration (each call rebuilds the graph and replays the state up to it) and applies the linter's SQL and code checks. django-migration-linter itself is not installed (pip here reaches only a local index with Django, psycopg and gunicorn), so the script does the same work rather than running its code; it does less than the gate (no missing-migration check, no squawk, no edit detection).",
        `Median of ${RUNS} runs of each, after one warm-up run of the gate; the runs of each are listed, since a few tens of milliseconds separate them. One-minute load average ${loadBefore.toFixed(2)} before and ${loadAfter.toFixed(2)} after (this benchmark's own processes included): run it on an otherwise idle machine.`,
      ].join("\n\n"),
      rows,
      notes: `No figure here is extrapolated: every row was run in full on this machine. ${misses.length ? `**Missed:** ${misses.join("; ")}.` : "Both targets are met, and the gate is faster than the linter's approach at both sizes."}`,
    };
  } finally {
    await pg.stop();
  }
}

/**
 * `tsx scripts/bench/migrations.ts [runs]`: only this benchmark, printed, docs untouched;
 * `tsx scripts/bench/migrations.ts --write`: the full measure, written into docs/benchmarks.md.
 */
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "--write") {
    replaceSection(await migrationsBench());
    process.exit(0);
  }
  const runs = Number(process.argv[2] ?? 5);
  const venv = await ensureVenv({ requirementsFile: "test/fixtures/django-app/requirements.txt" });
  const pg = await startPostgres();
  try {
    for (const size of SIZES) {
      const m = await measureSize(size, venv, pg.url, runs);
      console.log(
        `${m.project.total} migrations, ${m.project.fresh.length} new: gate ${Math.round(m.gate.ms)} ms (runs ${m.gates.map((g) => Math.round(g.ms)).join(" ")}), linter's approach ${Math.round(m.linter.ms)} ms (runs ${m.linters.map((g) => Math.round(g.ms)).join(" ")}), findings ${m.gate.findings.length}`,
      );
      for (const [name, ms] of groupParts(m.parts)) console.log(`  ${String(Math.round(ms)).padStart(5)}  ${name}`);
    }
  } finally {
    await pg.stop();
  }
}
