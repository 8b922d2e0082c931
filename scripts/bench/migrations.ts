// Migration gate benchmark: a generated Django project with 1,000 migrations across 10 apps, 20 of
// them new since the base commit. The gate (git, one Python process, squawk) is timed against
// django-migration-linter's approach, one `manage.py sqlmigrate` process per migration.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { squawkCommand } from "../../src/commands/migrations.js";
import { analyseMigrations, type GateAnalysis } from "../../src/core/migrations/index.js";
import { MemoryLogger, systemClock } from "../../src/core/runtime.js";
import { startPostgres } from "../../src/local/postgres.js";
import { ensureVenv, type Venv } from "../../src/local/python.js";
import { run } from "../../src/local/run.js";
import type { Section } from "./report.js";

const APPS = 10;
const PER_APP = 100;
const NEW_PER_APP = 2;
const MODELS = 5;

// ---------------------------------------------------------------- the generated project

const SETTINGS = (apps: string[]) => `import os
from urllib.parse import urlsplit
SECRET_KEY = "bench"
INSTALLED_APPS = ${JSON.stringify(apps)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
_url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1/postgres"))
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": _url.path.lstrip("/"), "USER": _url.username or "", "HOST": _url.hostname or "", "PORT": str(_url.port or "")}}
`;

const MANAGE = `import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
from django.core.management import execute_from_command_line
execute_from_command_line(sys.argv)
`;

/** Migration n (1-based) of an app: 0001 creates the models, each later one adds a field; the new ones add risky fields. */
function migration(app: string, n: number): { name: string; text: string; field?: string } {
  const name = `${String(n).padStart(4, "0")}_step`;
  const model = `m${n % MODELS}`;
  const deps = n === 1 ? "[]" : `[("${app}", "${String(n - 1).padStart(4, "0")}_step")]`;
  const isNew = n > PER_APP - NEW_PER_APP;
  const field = n === 1 ? undefined : isNew ? (n % 2 ? "models.IntegerField(default=0)" : "models.CharField(max_length=40, null=True, db_index=True)") : "models.CharField(max_length=40, null=True)";
  const ops =
    n === 1
      ? Array.from({ length: MODELS }, (_, i) => `migrations.CreateModel(name="M${i}", fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"))])`)
      : [`migrations.AddField(model_name="${model}", name="f${n}", field=${field})`];
  const text = `from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = ${deps}\n    operations = [\n        ${ops.join(",\n        ")},\n    ]\n`;
  return { name, text, field: field && `f${n} = ${field}` };
}

function modelsPy(fields: string[][]): string {
  const body = fields.map((f, i) => `class M${i}(models.Model):\n${f.length ? f.map((l) => `    ${l}`).join("\n") : "    pass"}\n`);
  return `from django.db import models\n\n\n${body.join("\n\n")}`;
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const git = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@runway.invalid", "-c", "init.defaultBranch=main", ...args], { cwd: dir, encoding: "utf8" }).trim();

/** The project, committed twice: without the 20 new migrations (the base), then with them. */
function generate(): { dir: string; base: string; candidate: string; fresh: { app: string; name: string }[] } {
  const dir = mkdtempSync(join(tmpdir(), "runway-bench-django-"));
  const apps = Array.from({ length: APPS }, (_, i) => `app${i}`);
  write(dir, "manage.py", MANAGE);
  write(dir, "config/__init__.py", "");
  write(dir, "config/settings.py", SETTINGS(apps));
  const fresh: { app: string; name: string; text: string }[] = [];
  for (const app of apps) {
    const fields: string[][] = Array.from({ length: MODELS }, () => []);
    write(dir, `${app}/__init__.py`, "");
    write(dir, `${app}/migrations/__init__.py`, "");
    for (let n = 1; n <= PER_APP; n++) {
      const m = migration(app, n);
      if (m.field) fields[n % MODELS]?.push(m.field);
      if (n > PER_APP - NEW_PER_APP) fresh.push({ app, name: m.name, text: m.text });
      else write(dir, `${app}/migrations/${m.name}.py`, m.text);
    }
    write(dir, `${app}/models.py`, modelsPy(fields));
  }
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "base");
  const base = git(dir, "rev-parse", "HEAD");
  for (const f of fresh) write(dir, `${f.app}/migrations/${f.name}.py`, f.text);
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "candidate");
  return { dir, base, candidate: git(dir, "rev-parse", "HEAD"), fresh };
}

// ---------------------------------------------------------------- the measures

async function timeGate(project: ReturnType<typeof generate>, venv: Venv, url: string): Promise<{ ms: number; report: GateAnalysis; nodePeakMb: number }> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const policy = { policy: { expand: "allow", contract: "require-approval", locking: "require-approval", irreversible: "block" }, approvalLabel: "x" } as const;
  let nodePeak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    nodePeak = Math.max(nodePeak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  const input = { projectDir: project.dir, candidate: project.candidate, base: project.base, policy, approvals: { allow: [], labels: [] }, python: venv.python, env, databaseUrl: url };
  const report = await analyseMigrations(input, { logger: new MemoryLogger(), clock: systemClock, runner: run, squawk: squawkCommand({}) });
  const ms = performance.now() - started;
  clearInterval(sampler);
  return { ms, report, nodePeakMb: nodePeak / 2 ** 20 };
}

/** django-migration-linter's approach: a fresh `manage.py sqlmigrate` process per migration. */
async function timeSqlmigrateLoop(project: ReturnType<typeof generate>, venv: Venv, url: string): Promise<number> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url, PYTHONDONTWRITEBYTECODE: "1" };
  const started = performance.now();
  for (const m of project.fresh) {
    const result = await run(venv.python, ["manage.py", "sqlmigrate", m.app, m.name], { cwd: project.dir, env });
    if (result.code !== 0) throw new Error(`sqlmigrate ${m.app} ${m.name} failed: ${result.stderr}`);
  }
  return performance.now() - started;
}

/** Its current versions instead call sqlmigrate in-process (call_command), once per migration. */
async function timeCallCommandLoop(project: ReturnType<typeof generate>, venv: Venv, url: string): Promise<number> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url, PYTHONDONTWRITEBYTECODE: "1", DJANGO_SETTINGS_MODULE: "config.settings" };
  const script = [
    "import io, json, sys, time, django",
    "django.setup()",
    "from django.core.management import call_command",
    "started = time.perf_counter()",
    "for app, name in json.loads(sys.argv[1]): call_command('sqlmigrate', app, name, stdout=io.StringIO())",
    "print((time.perf_counter() - started) * 1000)",
  ].join("\n");
  const result = await run(venv.python, ["-c", script, JSON.stringify(project.fresh.map((m) => [m.app, m.name]))], { cwd: project.dir, env });
  if (result.code !== 0) throw new Error(`call_command loop failed: ${result.stderr}`);
  return Number(result.stdout.trim());
}

const seconds = (ms: number) => (ms >= 100_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(2)} s`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function migrationsBench(): Promise<Section> {
  const venv = await ensureVenv({ requirementsFile: "test/fixtures/django-app/requirements.txt" });
  const pg = await startPostgres();
  try {
    const project = generate();
    const runs: Awaited<ReturnType<typeof timeGate>>[] = [];
    for (let i = 0; i < 3; i++) runs.push(await timeGate(project, venv, pg.url));
    const gate = runs.find((r) => r.ms === median(runs.map((x) => x.ms))) as (typeof runs)[number];
    const loop = await timeSqlmigrateLoop(project, venv, pg.url);
    const perProcess = loop / project.fresh.length;
    const inProcess = await timeCallCommandLoop(project, venv, pg.url);
    const perCall = inProcess / project.fresh.length;
    const total = APPS * PER_APP;
    const n = project.fresh.length;
    const all = total.toLocaleString("en");
    const s = gate.report.stats;
    return {
      title: "Migration gate",
      intro: `A generated Django project: ${APPS} apps, ${total} migrations, ${project.fresh.length} of them new since the base commit (half add a NOT NULL column with a Python default, half an indexed column). The gate is \`analyseMigrations\`, as \`runway migrations check\` runs it: the git pass, one Python process for the Django and SQL collection (Django ${s.django}, PostgreSQL ${s.postgres} on loopback), one squawk process, and the rules. Median of 3 runs; the project's modules are compiled afresh each run (no bytecode written).`,
      rows: [
        ["gate wall time (1,000 migrations, 20 new)", seconds(gate.ms), "< 3 s"],
        ["  of which git / Django process / classification and squawk", `${seconds(s.gitMs)} / ${seconds(s.djangoMs)} / ${seconds(s.sqlMs)}`, "reported"],
        ["peak memory: the Python process", `${(s.pythonMaxRssKb / 1024).toFixed(0)} MB`, "reported"],
        ["peak memory: the Node process (the benchmark's own included)", `${gate.nodePeakMb.toFixed(0)} MB`, "reported"],
        [`findings on the ${project.fresh.length} new migrations`, `${gate.report.findings.length} (${[...new Set(gate.report.findings.map((f) => f.rule))].join(", ")})`, "reported"],
        [`sqlmigrate once per migration, one \`manage.py sqlmigrate\` process each, for the ${n} new ones (measured)`, `${seconds(loop)} (${seconds(perProcess)} each)`, "for comparison"],
        [`  the same over all ${all} migrations (**extrapolated** ×${total / n} from the ${n} measured)`, `≈ ${seconds(perProcess * total)}`, "for comparison"],
        [`sqlmigrate once per migration through \`call_command\` in one process, as django-migration-linter does, for the ${n} new ones (measured)`, `${seconds(inProcess)} (${seconds(perCall)} each)`, "for comparison"],
        [`  the same over all ${all} migrations (**extrapolated** ×${total / n} from the ${n} measured)`, `≈ ${seconds(perCall * total)}`, "for comparison"],
      ],
      notes: `sqlmigrate prints one migration's SQL, and each call rebuilds the migration graph and replays the project state up to that migration (a separate process also starts Python and Django and imports all ${all} migrations again). The gate builds the state once, collects the SQL of all new migrations in the same pass, and lints it in one squawk run. django-migration-linter's published figure is about 48 s for 1,000 migrations, cold; the extrapolated rows are this machine's equivalent and were not run in full. The 20 new migrations are the latest of their apps, with the longest history to replay, so their per-call cost bounds the average from above. The gate's time is measured in-process; the CLI adds Node's start-up.`,
    };
  } finally {
    await pg.stop();
  }
}
