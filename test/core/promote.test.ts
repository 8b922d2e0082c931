import { describe, expect, it } from "vitest";
import { deployCommand } from "../../src/commands/deploy.js";
import { promoteCommand } from "../../src/commands/promote.js";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { statusCommand } from "../../src/commands/status.js";
import { readLedger } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();
const configDir = "environments";

async function live(env: string) {
  const [service] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-${env}` });
  const traffic = servedTraffic(service);
  return {
    revision: traffic.find((e) => e.percent === 100)?.revision,
    image: (
      await fx.clients.grpc.revisions.getRevision({
        name: `${PARENT}/services/web-${env}/revisions/${traffic.find((e) => e.percent === 100)?.revision}`,
      })
    )[0].containers?.[0]?.image,
  };
}

async function batchImage(env: string) {
  const [job] = await fx.clients.grpc.jobs.getJob({ name: `${PARENT}/jobs/web-${env}-clearsessions` });
  return job.template?.template?.containers?.[0]?.image;
}

async function scheduleNames() {
  const [jobs] = await fx.clients.grpc.scheduler.listJobs({ parent: PARENT });
  return jobs.map((j) => String(j.name).split("/").pop());
}

async function status(root: string) {
  const result = await statusCommand({ configDir, root }, commandContext(fx.clients.grpc));
  return Object.fromEntries(
    (result.json as { environment: string; live?: { release?: string }; waiting?: { release: string } }[]).map((s) => [
      s.environment,
      `${s.live?.release ?? "-"}${s.waiting ? ` (waiting ${s.waiting.release})` : ""}`,
    ]),
  );
}

describe("promotion and rollback: the whole story", () => {
  it("deploys to dev, promotes to qa and prod by digest, rolls prod back, and promotes again", async () => {
    const root = workspace();
    const ctx = () => commandContext(fx.clients.grpc);
    const deployDev = (n: number) =>
      deployCommand({ environment: "dev", image: digest(n), commit: sha(n), dryRun: false, configDir, root }, ctx());
    const promoteTo = (to: string) => promoteCommand({ to, dryRun: false, configDir, root }, ctx());

    await deployDev(1);
    expect(await status(root)).toEqual({ dev: "0000001-000001", qa: "- (waiting 0000001-000001)", prod: "-" });
    const qa1 = await promoteTo("qa");
    expect(qa1.outputs.image).toBe(digest(1));
    expect((await live("qa")).image).toBe(digest(1));
    await promoteTo("prod");
    expect(await status(root)).toEqual({ dev: "0000001-000001", qa: "0000001-000001", prod: "0000001-000001" });

    await deployDev(2);
    await promoteTo("qa");
    const prod2 = await promoteTo("prod");
    expect(prod2.outputs["release-id"]).toBe("0000002-000002");
    expect((await live("prod")).image).toBe(digest(2));

    expect(await batchImage("prod")).toBe(digest(2));
    expect(await scheduleNames()).toContain("runway-prod-prod-clearsessions-nightly");

    const back = await rollbackCommand({ environment: "prod", force: false, migrateBack: false, dryRun: false, configDir, root }, ctx());
    expect(back.outputs["release-id"]).toBe("0000001-000001");
    expect((await live("prod")).image).toBe(digest(1));
    expect(await batchImage("prod")).toBe(digest(1));
    // Release 2 was rolled back from prod: it does not wait there, and goes again only by name.
    expect(await status(root)).toEqual({ dev: "0000002-000002", qa: "0000002-000002", prod: "0000001-000001" });

    const again = await promoteCommand({ to: "prod", release: "0000002-000002", dryRun: false, configDir, root }, ctx());
    expect(again.outputs.revision).toBe(prod2.outputs.revision);
    expect((await live("prod")).image).toBe(digest(2));
    const [revisions] = await fx.clients.grpc.revisions.listRevisions({ parent: `${PARENT}/services/web-prod` });
    expect(revisions).toHaveLength(2);
  });
});

describe("promotion refusals", () => {
  const ctx = () => commandContext(fx.clients.grpc);

  it("refuses an unhealthy source: its only release failed its checks", async () => {
    const root = workspace();
    await fx.control("/_emulator/images", { image: digest(1), status: 500 });
    await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir, root }, ctx()).catch(
      () => undefined,
    );
    const error = await promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx()).catch((e) => e);
    expect(error.name).toBe("RefusalError");
    expect(error.message).toContain("is failed, not healthy");
  });

  it("promotes the last healthy release, never a failed one that came after it", async () => {
    const root = workspace();
    await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir, root }, ctx());
    await fx.control("/_emulator/images", { image: digest(2), status: 500 });
    await deployCommand({ environment: "dev", image: digest(2), commit: sha(2), dryRun: false, configDir, root }, ctx()).catch(
      () => undefined,
    );
    // dev still serves release 1 at 100%: that one is promoted, not the failed one.
    const result = await promoteCommand({ to: "qa", dryRun: true, configDir, root }, ctx());
    expect(result.outputs["release-id"]).toBe("0000001-000001");
  });

  it("refuses a source that is mid-rollout", async () => {
    const root = workspace();
    await deployCommand({ environment: "qa", image: digest(1), commit: sha(1), dryRun: false, configDir, root }, ctx());
    const hung = commandContext(fx.clients.grpc);
    hung.clock.sleep = () => new Promise(() => undefined);
    void deployCommand({ environment: "qa", image: digest(2), commit: sha(2), dryRun: false, configDir, root }, hung);
    await expect.poll(async () => (await status(root)).qa, { timeout: 5000 }).toBe("0000001-000001");
    await expect
      .poll(async () => (await fx.calls()).filter((c) => c.method.endsWith("UpdateService")).length, { timeout: 5000 })
      .toBeGreaterThanOrEqual(3);
    const error = await promoteCommand({ to: "prod", dryRun: false, configDir, root }, ctx()).catch((e) => e);
    expect(error.name).toBe("RefusalError");
    expect(error.message).toContain("mid-rollout");
  });

  it("refuses a source whose service is still reconciling, not reading a transient state as its outcome", async () => {
    const root = workspace();
    await deployCommand({ environment: "qa", image: digest(1), commit: sha(1), dryRun: false, configDir, root }, ctx());
    const name = `${PARENT}/services/web-qa`;
    const [service] = await fx.clients.grpc.services.getService({ name });
    // A change in flight: its revision takes a while to start, so the service reconciles meanwhile.
    await fx.control("/_emulator/images", { image: "slow:1", startupMs: 1500 });
    const [op] = await fx.clients.grpc.services.updateService({
      service: { ...service, template: { ...service.template, revision: "", containers: [{ image: "slow:1" }] } },
    });
    const error = await promoteCommand({ to: "prod", dryRun: false, configDir, root }, ctx()).catch((e) => e);
    expect(error.name).toBe("RefusalError");
    expect(error.message).toContain("still reconciling");
    await op.promise();
  });

  it("refuses a release that is already live in the target", async () => {
    const root = workspace();
    await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir, root }, ctx());
    await promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx());
    const error = await promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx()).catch((e) => e);
    expect(error.message).toContain("already live in qa");
  });

  // Regressions (found by the fault matrix): a re-run of a promotion that stopped after its
  // traffic moved refused "already live" and never finished it.
  it("a re-run finishes a promotion whose batch step failed, then refuses as already live", async () => {
    const root = workspace();
    const promoteQa = () => promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx());
    await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir, root }, ctx());
    await promoteQa();
    await deployCommand({ environment: "dev", image: digest(2), commit: sha(2), dryRun: false, configDir, root }, ctx());
    await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Jobs/UpdateJob", code: "UNAVAILABLE", times: -1 });
    const failed = await promoteQa().catch((e) => e);
    expect(failed.message).toMatch(/batch jobs and schedules.*re-run/);
    await fx.control("/_emulator/faults", undefined, "DELETE");
    expect(await batchImage("qa")).toBe(digest(1));
    const again = await promoteQa();
    expect(again.json).toMatchObject({ outcome: "caught-up" });
    expect(again.summary).toContain("already live: finished what an earlier run left");
    expect(JSON.stringify(again.json)).toContain("web-qa-clearsessions updated");
    expect(await batchImage("qa")).toBe(digest(2));
    const before = (await fx.calls()).length;
    expect((await promoteQa().catch((e) => e)).message).toContain("already live in qa");
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
  });

  it("a re-run finishes a promotion whose release was never recorded healthy", async () => {
    const root = workspace();
    const promoteQa = () => promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx());
    await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir, root }, ctx());
    await promoteQa();
    await deployCommand({ environment: "dev", image: digest(2), commit: sha(2), dryRun: false, configDir, root }, ctx());
    // Create revision, 50%, 100% pass; recording the release and restoring traffic both fail.
    await fx.control("/_emulator/faults", {
      method: "google.cloud.run.v2.Services/UpdateService",
      code: "UNAVAILABLE",
      after: 3,
      times: -1,
    });
    const failed = await promoteQa().catch((e) => e);
    expect(failed.message).toContain("failed at record release");
    await fx.control("/_emulator/faults", undefined, "DELETE");
    const [stuck] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-qa` });
    expect(JSON.parse(stuck.annotations?.["runway.dev/ledger"] ?? "{}")[(await live("qa")).revision as string]?.state).toBe("deploying");
    const again = await promoteQa();
    expect((again.json as { outcome: string }).outcome).toBe("deployed");
    const [done] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-qa` });
    expect(JSON.parse(done.annotations?.["runway.dev/ledger"] ?? "{}")[(await live("qa")).revision as string]?.state).toBe("healthy");
    expect((await promoteQa().catch((e) => e)).message).toContain("already live in qa");
  });

  it("refuses to promote into a freeze window, before any write", async () => {
    const root = workspace({
      qa: (y) => `${y}\nfreeze:\n  - start: 2026-01-01T00:00:00Z\n    end: 2099-01-01T00:00:00Z\n    reason: quarter close\n`,
    });
    await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir, root }, ctx());
    const before = (await fx.calls()).length;
    const error = await promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx()).catch((e) => e);
    expect(error.message).toContain("quarter close");
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
  });

  it("refuses a tag-only image on its way to an environment that requires digests", async () => {
    const root = workspace();
    await deployCommand(
      {
        environment: "dev",
        image: "asia-northeast3-docker.pkg.dev/demo-project/app/web:main",
        commit: sha(1),
        dryRun: false,
        configDir,
        root,
      },
      ctx(),
    );
    const error = await promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx()).catch((e) => e);
    expect(error.message).toContain("qa requires an image by digest");
  });

  it("refuses a release id that is not the one live in the source", async () => {
    const root = workspace();
    await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir, root }, ctx());
    const error = await promoteCommand({ to: "qa", release: "0000009-000009", dryRun: false, configDir, root }, ctx()).catch((e) => e);
    expect(error.message).toContain("dev runs release 0000001-000001, not 0000009-000009");
  });
});

// Regressions (issue 13): a release rolled back from an environment was shown as waiting to be
// promoted there and went back on the next promotion; the rollback's reason was dropped.
describe("a release rolled back from qa", () => {
  const ctx = () => commandContext(fx.clients.grpc);
  const qaRollback = (root: string, extra: { dryRun?: boolean; to?: string } = {}) =>
    rollbackCommand(
      { environment: "qa", reason: "homepage broken", force: false, migrateBack: false, dryRun: false, configDir, root, ...extra },
      ctx(),
    );

  async function rolledBackQa() {
    const root = workspace();
    for (const n of [1, 2]) {
      await deployCommand({ environment: "dev", image: digest(n), commit: sha(n), dryRun: false, configDir, root }, ctx());
      await promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx());
    }
    await qaRollback(root);
    return root;
  }

  it("is not shown as waiting to promote, and status shows the rollback's reason", async () => {
    const root = await rolledBackQa();
    const [service] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-qa` });
    expect(Object.values(readLedger(service)).find((e) => e.state === "rolled-back")?.reason).toMatch(
      /^rolled back to web-qa-0000001-\w+: homepage broken$/,
    );
    const result = await statusCommand({ configDir, root, environment: "qa" }, ctx());
    const [qa] = result.json as { waiting?: unknown; held?: unknown; live: { rolledBackFrom?: unknown } }[];
    expect(qa?.waiting).toBeUndefined();
    expect(qa?.held).toEqual({ release: "0000002-000002", from: "dev", at: expect.any(String), reason: "homepage broken" });
    expect(qa?.live.rolledBackFrom).toEqual(expect.objectContaining({ release: "0000002-000002", reason: "homepage broken" }));
    expect(result.summary).toContain("(rolled back from <code>0000002-000002</code>: homepage broken)");
    expect(result.summary).toContain("is not waiting: it was rolled back here (homepage broken)");
  });

  it("is promoted again only when named with --release", async () => {
    const root = await rolledBackQa();
    const before = (await fx.calls()).length;
    const refused = await promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx()).catch((e) => e);
    expect(refused.name).toBe("RefusalError");
    expect(refused.message).toContain("release 0000002-000002 was rolled back from qa");
    expect(refused.message).toContain("(homepage broken)");
    expect(refused.message).toContain("--release 0000002-000002");
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
    const named = await promoteCommand({ to: "qa", release: "0000002-000002", dryRun: false, configDir, root }, ctx());
    expect((named.json as { outcome: string }).outcome).toBe("deployed");
    expect((await live("qa")).image).toBe(digest(2));
  });

  // Regression (issue 13): a second rollback read as the resume of the first, and reported a
  // rollback to the release already live as a success.
  it("a second rollback refuses, naming what is live and how to choose a target", async () => {
    const root = workspace();
    for (const n of [1, 2, 3])
      await deployCommand({ environment: "qa", image: digest(n), commit: sha(n), dryRun: false, configDir, root }, ctx());
    await qaRollback(root);
    const before = (await fx.calls()).length;
    const second = await qaRollback(root).catch((e) => e);
    expect(second.name).toBe("RefusalError");
    expect(second.message).toMatch(
      /^web-qa-0000002-\w+ \(release 0000002-000002\) already serves 100% of qa, put back by the rollback from web-qa-0000003-\w+ \(release 0000003-000003\)/,
    );
    expect(second.message).toContain("to roll back further, name the target with to: (--to in the CLI), one of 0000001-000001");
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
    const further = await qaRollback(root, { to: "0000001-000001" });
    expect(further.outputs["release-id"]).toBe("0000001-000001");
  });

  // Regression (issue 13): the dry run said nothing of batch jobs and schedules.
  it("rollback --dry-run shows the batch job and schedule changes the real rollback makes", async () => {
    const later = workspace({ qa: (y) => y.replace('cron: "0 3 * * *"', 'cron: "30 4 * * *"') });
    await deployCommand({ environment: "qa", image: digest(1), commit: sha(1), dryRun: false, configDir, root: workspace() }, ctx());
    await deployCommand({ environment: "qa", image: digest(2), commit: sha(2), dryRun: false, configDir, root: later }, ctx());
    const before = (await fx.calls()).length;
    const dry = await qaRollback(later, { dryRun: true });
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
    const planned = (dry.json as { restored: string }).restored;
    expect(planned).toBe("would change: batch jobs: web-qa-clearsessions updated; schedules: qa-clearsessions-nightly update");
    expect(dry.summary).toContain(planned);
    const real = await qaRollback(later);
    expect(`would change: ${(real.json as { restored: string }).restored}`).toBe(planned);
    expect(await batchImage("qa")).toBe(digest(1));
  });
});

// Regression (issue 13): an environment that declares migrations, released without its Django
// project, had its migration gate and migration job silently skipped.
describe("an environment that declares migrations, released without a project directory", () => {
  const ctx = () => commandContext(fx.clients.grpc);
  const expectRefused = (error: Error & { location?: { field?: string } }, env: string) => {
    expect(error.name).toBe("ConfigurationError");
    expect(error.location?.field).toBe("project-dir");
    expect(error.message).toContain(`${env} declares migrations (in environments/${env}.yaml)`);
    expect(error.message).toContain("Give project-dir (the action input; --project-dir in the CLI)");
    expect(error.message).toContain(`or remove migrations: from environments/${env}.yaml`);
  };

  it("is refused by deploy before any write", async () => {
    const root = workspace({}, { migrations: true });
    for (const dryRun of [false, true]) {
      expectRefused(
        await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun, configDir, root }, ctx()).catch((e) => e),
        "dev",
      );
    }
    expect((await fx.calls()).filter((c) => c.mutating)).toEqual([]);
  });

  it("is refused by promote before any write", async () => {
    await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir, root: workspace() }, ctx());
    const before = (await fx.calls()).length;
    expectRefused(
      await promoteCommand({ to: "qa", dryRun: false, configDir, root: workspace({}, { migrations: true }) }, ctx()).catch((e) => e),
      "qa",
    );
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
  });
});
