// `runway demo`: the whole story on the embedded emulator, with the sample Django app served
// for real (gunicorn against PostgreSQL). Each step prints one timeline line and writes its
// job summary as a Markdown file, as the action would on a runner.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CommandContext, CommandResult } from "../commands/context.js";
import { deployCommand } from "../commands/deploy.js";
import { previewCommand } from "../commands/preview.js";
import { promoteCommand } from "../commands/promote.js";
import { rollbackCommand } from "../commands/rollback.js";
import { statusCommand } from "../commands/status.js";
import { startEmulator } from "../emulator/index.js";
import { createClients } from "../gcp/clients.js";
import type { EnvironmentStatus } from "../core/status.js";
import { renderStatusText, wantsColor } from "../present/terminal/index.js";
import { MemoryLogger } from "../shared/runtime.js";
import { publish } from "./images.js";
import { setUpStage, type Stage } from "./stage.js";
import { ADD_DESCRIPTION, BREAK_HOMEPAGE, CHECKOUT_CACHE, DROP_QUANTITY } from "./changes.js";
import { Timeline } from "./timeline.js";
import { demoClock } from "./clock.js";

const OUT = resolve(".runway/demo");

interface Scene {
  stage: Stage;
  context: () => CommandContext;
  timeline: Timeline;
  summaries: string[];
}

async function act(
  scene: Scene,
  title: string,
  run: (ctx: CommandContext) => Promise<CommandResult>,
  describe: (r: CommandResult) => string,
): Promise<CommandResult> {
  const ctx = scene.context();
  const file = join(
    OUT,
    `${String(scene.summaries.length + 1).padStart(2, "0")}-${title
      .replace(/^\s*\d+\.\s*/, "")
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")}.md`,
  );
  return scene.timeline.step(
    title,
    async () => {
      try {
        const result = await run(ctx);
        writeFileSync(file, result.summary);
        scene.summaries.push(file);
        return result;
      } catch (error) {
        writeFileSync(file, (error as { summary?: string }).summary ?? `${(error as Error).message}\n`);
        scene.summaries.push(file);
        return { outputs: {}, summary: "", json: { error: (error as Error).message } };
      }
    },
    describe,
  );
}

const failure = (r: CommandResult) => {
  const error = String((r.json as { error?: string }).error ?? "").split("\n")[0] ?? "";
  return /failed at (traffic|smoke|bake)/.test(error)
    ? `${error.replace(/ \(http[^)]*\)/g, "")} → traffic restored automatically`
    : `refused: ${error}`;
};

async function commit(stage: Stage, message: string, files: Record<string, string>): Promise<string> {
  for (const [path, text] of Object.entries(files)) writeFileSync(join(stage.repo.dir, path), text);
  await stage.repo.git.add(Object.keys(files)).commit(message);
  return (await stage.repo.git.revparse(["HEAD"])).trim();
}

async function branchCommit(stage: Stage, branch: string, message: string, files: Record<string, string>): Promise<string> {
  await stage.repo.git.checkoutLocalBranch(branch);
  const sha = await commit(stage, message, files);
  await stage.repo.git.checkout(MAIN);
  return sha;
}

async function merge(stage: Stage, branch: string, message: string): Promise<string> {
  await stage.repo.git.merge(["--no-ff", "-m", message, branch]);
  return (await stage.repo.git.revparse(["HEAD"])).trim();
}

/** A branch off an older commit (the release prod runs), for a hotfix. */
async function hotfixCommit(stage: Stage, base: string, branch: string, message: string, files: Record<string, string>): Promise<string> {
  await stage.repo.git.checkout(["-b", branch, base]);
  const sha = await commit(stage, message, files);
  await stage.repo.git.checkout(MAIN);
  return sha;
}

/**
 * prod.yaml's canary analysis, commented out in the repository because nothing sends it users,
 * made live for the scene that does: the example's lines, uncommented.
 */
export function withLiveAnalysis(yaml: string): string {
  const lines = yaml.split("\n");
  const start = lines.findIndex((l) => /^ {2}# analysis:$/.test(l));
  if (start < 0) throw new Error("prod.yaml has no commented-out rollout analysis to make live");
  let end = start + 1;
  while (/^ {2}# {3}/.test(lines[end] ?? "")) end++;
  const step = lines.findIndex((l, i) => i > end && /^ {6}# analysis:$/.test(l));
  const live = (l: string) => l.replace(/^(\s*)# /, "$1");
  return lines.map((l, i) => ((i >= start && i < end) || (step >= 0 && (i === step || i === step + 1)) ? live(l) : l)).join("\n");
}

/** Simulated users, per minute of demo time, while the demo skips a rollout's waits. */
const USERS_PER_MINUTE = 200;

const commitOnMain = (stage: Stage, message: string, files: Record<string, string>) => commit(stage, message, files);
const MAIN = "main";

export interface DemoResult {
  statuses: EnvironmentStatus[];
  summaries: string[];
  calls: number;
  ms: number;
}

export async function demo(): Promise<number> {
  await runDemo();
  return 0;
}

export interface DemoOptions {
  /** Where the transcript goes: stdout by default (a test captures it). */
  write?: (text: string) => void;
  /** Colour for the final status table; by default when stdout is a terminal without NO_COLOR. */
  color?: boolean;
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const color = options.color ?? (options.write ? false : wantsColor(process.stdout));
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const timeline = new Timeline((line) => write(`${line}\n`));
  write("Runway demo: the sample Django app from pull request to production and back, on the embedded emulator.\n\n");
  const stage = await setUpStage(() => undefined);
  // Users of the URL here, sent (with the count form) while the demo skips a wait.
  let users: string | undefined;
  let http = "";
  const sendUsers = async (ms: number, from: Date) => {
    const count = Math.round((USERS_PER_MINUTE * ms) / 60_000);
    if (!users || count === 0) return;
    const body = { url: users, count, windowMs: ms, startTime: from.toISOString(), wait: true };
    const response = await fetch(`${http}/_emulator/traffic`, { method: "POST", body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`simulated users failed: ${await response.text()}`);
  };
  const clock = demoClock((ms) => timeline.waited(ms), 2000, sendUsers);
  // One clock for Runway and the emulator: Monitoring records the simulated users in demo time.
  const emulator = await startEmulator({ now: clock.now });
  http = emulator.http;
  const clients = createClients({ emulatorHost: emulator.grpc });
  const scene: Scene = {
    stage,
    timeline,
    summaries: [],
    context: () => ({
      logger: new MemoryLogger(),
      clock,
      clients: () => clients,
      fetch,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: stage.pg.url },
    }),
  };
  const root = stage.workspace;
  const configDir = "environments";
  const gate = { projectDir: stage.repo.dir, allow: [], python: stage.venv.python };
  const deploy = (commit: string, image: string) => (ctx: CommandContext) =>
    deployCommand({ environment: "dev", image, commit, dryRun: false, configDir, root, gate }, ctx);
  const promoteTo = (to: string) => (ctx: CommandContext) => promoteCommand({ to, dryRun: false, configDir, root, gate }, ctx);
  const released = (r: CommandResult) => (r.outputs.revision ? `${r.outputs["release-id"]} live on ${r.outputs.revision}` : failure(r));
  try {
    const main1 = (await stage.repo.git.revparse(["HEAD"])).trim();
    const image1 = await publish(stage, emulator, main1);
    await act(scene, "0. bootstrap: main to dev", deploy(main1, image1), released);
    await act(scene, "   bootstrap: promote to qa", promoteTo("qa"), released);
    await act(scene, "   bootstrap: promote to prod", promoteTo("prod"), released);

    const pr7 = await branchCommit(stage, "feature/description", "Add a product description (#7)", ADD_DESCRIPTION);
    const pr7Image = await publish(stage, emulator, pr7);
    await act(
      scene,
      "1. PR #7 opened: preview",
      (ctx) =>
        previewCommand({ action: "deploy", pr: "7", image: pr7Image, commit: pr7, fork: false, environment: "dev", configDir, root }, ctx),
      (r) => `${r.outputs.url}`,
    );
    const merged7 = await merge(stage, "feature/description", "Merge pull request #7");
    const image7 = await publish(stage, emulator, merged7);
    await act(scene, "2. merge #7: gate, migrate, deploy dev", deploy(merged7, image7), released);
    await act(
      scene,
      "   PR #7 closed: preview removed",
      (ctx) => previewCommand({ action: "cleanup", pr: "7", fork: false, environment: "dev", configDir, root }, ctx),
      (r) => `deleted ${r.outputs.deleted || "nothing"}`,
    );
    await act(scene, "3. promote #7 to qa (canary, schedules)", promoteTo("qa"), released);
    await act(scene, "   promote #7 to prod (10 → 50 → 100)", promoteTo("prod"), released);

    const merged8 = await commitOnMain(stage, "New pricing code (#8)", BREAK_HOMEPAGE);
    const image8 = await publish(stage, emulator, merged8);
    await act(scene, "4. merge #8 to dev", deploy(merged8, image8), released);
    await act(scene, "   promote #8 to qa: fails at the canary", promoteTo("qa"), released);

    const merged9 = await commitOnMain(stage, "Revert #8; drop Order.quantity (#9)", DROP_QUANTITY);
    const image9 = await publish(stage, emulator, merged9);
    await act(scene, "5. merge #9 (drops a column) to dev", deploy(merged9, image9), released);
    await act(scene, "   promote #9 to qa", promoteTo("qa"), released);
    await act(scene, "   promote #9 to prod: blocked", promoteTo("prod"), released);

    await act(
      scene,
      "6. one-click rollback of prod",
      (ctx) => rollbackCommand({ environment: "prod", force: false, migrateBack: false, dryRun: false, configDir, root }, ctx),
      (r) => (r.outputs.revision ? `prod back on ${r.outputs["release-id"]} (${r.outputs.revision})` : failure(r)),
    );
    // prod's canary analysis made live, with users during its waits: a hotfix with 4% of 5xx
    // passes every smoke check and is caught by the analysis at 10%.
    const prodYaml = join(root, configDir, "prod.yaml");
    writeFileSync(prodYaml, withLiveAnalysis(readFileSync(prodYaml, "utf8")));
    // The cheap path: what the analysis judges is the canary's answers, not the page's work.
    const [prod] = await clients.services.getService({ name: "projects/demo-project/locations/asia-northeast3/services/web-prod" });
    users = `${prod.uri}/healthz`;
    const hotfix = await hotfixCommit(stage, main1, "hotfix/checkout-cache", "Cache product counts at checkout (#10)", CHECKOUT_CACHE);
    const hotfixImage = await publish(stage, emulator, hotfix, { errorRatio: 0.04 });
    await act(
      scene,
      "7. hotfix #10 to prod: 4% 5xx, checks pass",
      (ctx) => deployCommand({ environment: "prod", image: hotfixImage, commit: hotfix, dryRun: false, configDir, root, gate }, ctx),
      released,
    );
    users = undefined;

    const status = await statusCommand({ configDir, root }, scene.context());
    writeFileSync(join(OUT, "status.md"), status.summary);
    // The terminal gets the plain table; status.md keeps the Markdown a step summary shows.
    write(`\n${renderStatusText(status.json as EnvironmentStatus[], scene.context().clock.now(), { color })}\n\n`);
    write(`Step summaries (Markdown): ${OUT}/\n${scene.summaries.map((f) => `  ${f}`).join("\n")}\n`);
    write(`\nDone in ${(timeline.total() / 1000).toFixed(1)} s; ${emulator.registry.calls.length} API calls.\n`);
    return {
      statuses: status.json as EnvironmentStatus[],
      summaries: scene.summaries,
      calls: emulator.registry.calls.length,
      ms: timeline.total(),
    };
  } finally {
    await clients.close();
    await emulator.stop();
    await stage.stop();
  }
}
