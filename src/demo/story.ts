// `runway demo`: the whole story on the embedded emulator, with the sample Django app served
// for real (gunicorn against PostgreSQL). Each step prints one timeline line and writes its
// job summary as a Markdown file, as the action would on a runner.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CommandContext, CommandResult } from "../commands/context.js";
import { deployCommand } from "../commands/deploy.js";
import { previewCommand } from "../commands/preview.js";
import { promoteCommand } from "../commands/promote.js";
import { rollbackCommand } from "../commands/rollback.js";
import { statusCommand } from "../commands/status.js";
import { startEmulator } from "../emulator/index.js";
import { createClients } from "../gcp/clients.js";
import { MemoryLogger } from "../core/runtime.js";
import { publish } from "./images.js";
import { setUpStage, type Stage } from "./stage.js";
import { Timeline } from "./timeline.js";
import { demoClock } from "./clock.js";

const OUT = resolve(".runway/demo");

interface Scene {
  stage: Stage;
  context: () => CommandContext;
  timeline: Timeline;
  summaries: string[];
}

async function act(scene: Scene, title: string, run: (ctx: CommandContext) => Promise<CommandResult>, describe: (r: CommandResult) => string): Promise<CommandResult> {
  const ctx = scene.context();
  const file = join(OUT, `${String(scene.summaries.length + 1).padStart(2, "0")}-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/-$/, "")}.md`);
  return scene.timeline.step(title, async () => {
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
  }, describe);
}

async function commit(stage: Stage, message: string, files: Record<string, string>): Promise<string> {
  for (const [path, text] of Object.entries(files)) writeFileSync(join(stage.repo.dir, path), text);
  await stage.repo.git.add(Object.keys(files)).commit(message);
  return (await stage.repo.git.revparse(["HEAD"])).trim();
}

export async function demo(): Promise<number> {
  mkdirSync(OUT, { recursive: true });
  const timeline = new Timeline();
  process.stdout.write("Runway demo: the sample Django app from pull request to production and back, on the embedded emulator.\n\n");
  const stage = await setUpStage(() => undefined);
  const emulator = await startEmulator();
  const clients = createClients({ emulatorHost: emulator.grpc });
  const clock = demoClock((line) => timeline.note(line));
  const scene: Scene = {
    stage,
    timeline,
    summaries: [],
    context: () => ({ logger: new MemoryLogger(), clock, clients: () => clients, fetch, env: {} }),
  };
  const root = stage.workspace;
  const configDir = "environments";
  try {
    const main1 = (await stage.repo.git.revparse(["HEAD"])).trim();
    const image1 = await publish(stage, emulator, main1);
    await act(scene, "bootstrap: dev runs main", (ctx) => deployCommand({ environment: "dev", image: image1, commit: main1, dryRun: false, configDir, root }, ctx), (r) => `revision ${r.outputs.revision}`);
    await stage.repo.git.checkoutLocalBranch("feature/healthz-version");
    const pr = await commit(stage, "Say the release in /healthz (#7)", { "shop/views.py": `${(await import("node:fs")).readFileSync(join(stage.repo.dir, "shop/views.py"), "utf8")}\n` });
    const prImage = await publish(stage, emulator, pr);
    await act(scene, "PR #7 preview", (ctx) => previewCommand({ action: "deploy", pr: "7", image: prImage, commit: pr, fork: false, environment: "dev", configDir, root }, ctx), (r) => `${r.outputs.url}`);
    await stage.repo.git.checkout("master").catch(() => stage.repo.git.checkout("main"));
    await stage.repo.git.merge(["--no-ff", "-m", "Merge pull request #7", "feature/healthz-version"]);
    const merged = (await stage.repo.git.revparse(["HEAD"])).trim();
    const image2 = await publish(stage, emulator, merged);
    await act(scene, "merge #7: deploy dev", (ctx) => deployCommand({ environment: "dev", image: image2, commit: merged, dryRun: false, configDir, root }, ctx), (r) => `${r.outputs.revision} at 100%`);
    await act(scene, "PR #7 closed: clean up preview", (ctx) => previewCommand({ action: "cleanup", pr: "7", fork: false, environment: "dev", configDir, root }, ctx), (r) => `deleted ${r.outputs.deleted || "nothing"}`);
    await act(scene, "promote dev → qa", (ctx) => promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx), (r) => `${r.outputs["release-id"]} on ${r.outputs.revision}`);
    await act(scene, "promote qa → prod", (ctx) => promoteCommand({ to: "prod", dryRun: false, configDir, root }, ctx), (r) => `${r.outputs["release-id"]} on ${r.outputs.revision}`);
    await act(scene, "rollback prod (one click)", (ctx) => rollbackCommand({ environment: "prod", force: false, migrateBack: false, dryRun: false, configDir, root }, ctx), (r) => (r.outputs.revision ? `prod back on ${r.outputs.revision}` : String((r.json as { error?: string }).error)));
    const status = await statusCommand({ configDir, root }, scene.context());
    writeFileSync(join(OUT, "status.md"), status.summary);
    process.stdout.write(`\n${status.summary}\n`);
    process.stdout.write(`Step summaries (Markdown): ${OUT}/\n${scene.summaries.map((f) => `  ${f}`).join("\n")}\n`);
    process.stdout.write(`\nDone in ${(timeline.total() / 1000).toFixed(1)} s; ${emulator.registry.calls.length} API calls.\n`);
    return 0;
  } finally {
    await clients.close();
    await emulator.stop();
    await stage.stop();
  }
}
