// Scheduler sync benchmark: 200 declared schedules of which 20 changed, synced by Runway (in
// process, and as a CLI process) next to what users script today, one `gcloud scheduler jobs
// update http` per changed job, all against the same emulator. The call log counts the updates.
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { DEFAULT_CONCURRENCY } from "../../src/core/batch/bounded.js";
import { syncSchedules } from "../../src/core/batch/sync.js";
import { loadEnvironment } from "../../src/core/config/load.js";
import { MemoryLogger, systemClock } from "../../src/shared/runtime.js";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { createClients, type GcpClients } from "../../src/gcp/clients.js";
import type { Section } from "./report.js";

const TOTAL = 200;
const CHANGED = 20;
const LOCATION = "asia-northeast3";
const PROJECT = "demo-project";
const CRONS = ["0 3 * * *", "30 4 * * *", "45 5 * * *", "15 6 * * *", "5 7 * * *", "50 8 * * *", "20 9 * * *", "40 10 * * *"];
const name = (i: number) => `s${String(i).padStart(3, "0")}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** environments/bench.yaml: the shipped qa file with 200 schedules, the first 20 on `changedCron`. */
function writeConfig(dir: string, changedCron: string): void {
  const qa = readFileSync("environments/qa.yaml", "utf8").replace(/^name: qa$/m, "name: bench");
  const schedules = Array.from({ length: TOTAL }, (_, i) => {
    const cron = i < CHANGED ? changedCron : CRONS[0];
    return `  - name: ${name(i)}\n    cron: "${cron}"\n    time-zone: Asia/Seoul\n    target:\n      batch: web-qa-clearsessions`;
  });
  const text = qa.replace(/^schedules:\n(?: .*\n|\n)*?(?=^\S)/m, `schedules:\n${schedules.join("\n")}\n\n`);
  writeFileSync(join(dir, "environments", "bench.yaml"), text);
}

/** Runs `body` and returns its wall time and the emulator calls it caused, by method. */
async function measured<T>(emulator: Emulator, body: () => Promise<T>): Promise<{ ms: number; calls: Record<string, number>; result: T }> {
  const from = emulator.registry.calls.length;
  const started = performance.now();
  const result = await body();
  const ms = performance.now() - started;
  const calls: Record<string, number> = {};
  for (const call of emulator.registry.calls.slice(from)) {
    const method = call.method.split("/")[1] as string;
    calls[method] = (calls[method] ?? 0) + 1;
  }
  return { ms, calls, result };
}

/** The CLI's `scheduler` command bundled on its own (src/cli/main.ts is wired by the lead). */
async function bundleCli(dir: string): Promise<string> {
  const file = join(dir, "scheduler-cli.mjs");
  await build({
    stdin: {
      contents: 'import { schedulerCli } from "./src/cli/scheduler.ts"; process.exitCode = await schedulerCli(process.argv.slice(2));',
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    keepNames: true,
    outfile: file,
    logLevel: "error",
    banner: {
      js: "import { createRequire as __r } from 'node:module'; import { fileURLToPath as __p } from 'node:url'; const require = __r(import.meta.url); const __filename = __p(import.meta.url); const __dirname = __p(new URL('.', import.meta.url));",
    },
  });
  return file;
}

function runProcess(command: string, args: string[], env: Record<string, string | undefined>, cwd: string): Promise<number | null> {
  const child = spawn(command, args, { env, cwd, stdio: "ignore" });
  return new Promise((resolve) => child.once("exit", resolve));
}

/** What users script today: one gcloud call per changed job, in a shell loop. */
function gcloudLoop(dir: string, http: string, cron: string): Promise<number | null> {
  const jobs = Array.from({ length: CHANGED }, (_, i) => `runway-bench-${name(i)}`).join(" ");
  const script = `for job in ${jobs}; do gcloud scheduler jobs update http "$job" --schedule="${cron}" --location=${LOCATION} --project=${PROJECT} --quiet >/dev/null 2>&1 || exit 1; done`;
  const config = join(dir, "gcloud-config");
  mkdirSync(config, { recursive: true });
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CLOUDSDK_CONFIG: config,
    CLOUDSDK_CORE_DISABLE_PROMPTS: "1",
    CLOUDSDK_AUTH_ACCESS_TOKEN: "x",
    CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDSCHEDULER: `${http}/`,
    CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: "1",
  };
  return runProcess("bash", ["-c", script], env, dir);
}

const GCLOUD_CRON = "55 11 * * *";

/** A benchmark of failed runs would be meaningless: every process exited 0 and gcloud's crons landed. */
async function checkOutcome(clients: GcpClients, codes: (number | null)[]): Promise<void> {
  if (codes.some((code) => code !== 0)) throw new Error(`a benchmarked process failed: exit codes ${codes.join(", ")}`);
  const [jobs] = await clients.scheduler.listJobs({ parent: `projects/${PROJECT}/locations/${LOCATION}` });
  const updated = jobs.filter((job) => job.schedule === GCLOUD_CRON).length;
  if (updated !== CHANGED) throw new Error(`gcloud updated ${updated} jobs, expected ${CHANGED}`);
}

const gcloudVersion = async () =>
  (await promisify(execFile)("gcloud", ["version", '--format=value("Google Cloud SDK")']).catch(() => ({ stdout: "" }))).stdout.trim();

export async function schedulerBench(): Promise<Section> {
  const emulator = await startEmulator();
  const clients = createClients({ emulatorHost: emulator.grpc });
  const dir = mkdtempSync(join(tmpdir(), "runway-bench-sched-"));
  mkdirSync(join(dir, "environments"));
  const deps = { clients, clock: systemClock, logger: new MemoryLogger() };
  const sync = async (cron: string) => {
    writeConfig(dir, cron);
    await syncSchedules(await loadEnvironment(join(dir, "environments"), "bench"), deps);
  };
  try {
    await sync(CRONS[0] as string);
    // Warm-up: the first sync in a process pays for loading protos and JIT.
    await sync(CRONS[1] as string);
    const engine = [];
    for (const cron of CRONS.slice(2, 5)) engine.push(await measured(emulator, () => sync(cron)));
    const cli = await bundleCli(dir);
    const processes = [];
    for (const cron of CRONS.slice(5, 8)) {
      writeConfig(dir, cron);
      const env = { PATH: process.env.PATH, RUNWAY_EMULATOR_HOST: emulator.grpc };
      processes.push(
        await measured(emulator, () =>
          runProcess(process.execPath, [cli, "sync", "--env", "bench", "--config-dir", "environments"], env, dir),
        ),
      );
    }
    const gcloud = await measured(emulator, () => gcloudLoop(dir, emulator.http, GCLOUD_CRON));
    await checkOutcome(clients, [...processes.map((p) => p.result), gcloud.result]);
    const engineMs = median(engine.map((m) => m.ms));
    const processMs = median(processes.map((m) => m.ms));
    const updates = (m: { calls: Record<string, number> }) => m.calls.UpdateJob ?? 0;
    const callsText = (m: { calls: Record<string, number> }) =>
      Object.entries(m.calls)
        .map(([k, v]) => `${k} ×${v}`)
        .join(", ");
    return {
      title: "Scheduler sync",
      intro: `${TOTAL} declared schedules, ${CHANGED} of them with a new cron, against the in-process emulator. Runway plans from one ListJobs and sends one UpdateJob per changed job with \`update_mask: schedule\`, ${DEFAULT_CONCURRENCY} in flight. The comparison is a shell loop of one \`gcloud scheduler jobs update http JOB --schedule=…\` per changed job (gcloud ${await gcloudVersion()}, pointed at the emulator's REST endpoint with \`CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDSCHEDULER\`).`,
      rows: [
        ["Runway engine in process: load the YAML, list, plan, apply (median of 3)", `${engineMs.toFixed(0)} ms`, "reported"],
        ["`runway scheduler sync` as a process, start to exit (bundled CLI, median of 3)", `${processMs.toFixed(0)} ms`, "reported"],
        [
          `shell loop of ${CHANGED} × \`gcloud scheduler jobs update http\``,
          `${gcloud.ms.toFixed(0)} ms (${(gcloud.ms / CHANGED).toFixed(0)} ms per job)`,
          "baseline",
        ],
        [
          "API calls: Runway (each run) / gcloud loop",
          `${callsText(engine[0] ?? { calls: {} })} / ${callsText(gcloud)}`,
          `exactly ${CHANGED} UpdateJob`,
        ],
        ["UpdateJob calls per Runway run (engine, process)", [...engine, ...processes].map(updates).join(", "), `${CHANGED} each`],
        ["speed-up over the gcloud loop: Runway as a process", `${(gcloud.ms / processMs).toFixed(1)}×`, "≥ 20×"],
        ["speed-up over the gcloud loop: Runway engine", `${(gcloud.ms / engineMs).toFixed(1)}×`, "≥ 20×"],
      ],
      notes:
        "Each gcloud invocation starts a Python interpreter and loads the SDK before its one PATCH, which is where its time goes; Runway pays its start-up once and runs the updates concurrently. gcloud's requests needed no emulator change: it sends `PATCH …/jobs/JOB?updateMask=schedule` with the job body, which the emulator serves as the real API does.",
    };
  } finally {
    await clients.close();
    await emulator.stop();
  }
}
