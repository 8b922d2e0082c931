// The scheduler command on the shipped qa environment, its CLI argument handling, and
// actions/scheduler run from dist/ as the runner runs it (INPUT_* variables, GITHUB_OUTPUT).
import { cpSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { schedulerCli } from "../../src/cli/scheduler.js";
import type { CommandContext } from "../../src/commands/context.js";
import { type SchedulerInput, schedulerCommand } from "../../src/commands/scheduler.js";
import { MemoryLogger } from "../../src/shared/runtime.js";
import { runBundledAction } from "../helpers/action.js";
import { fastClock } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";
import { liveJobs, useRunJobs, writes } from "./helpers.js";
import { tempDir } from "../helpers/tmp.js";

const fx = useEmulator();
useRunJobs(fx, ["web-qa-clearsessions"]);
let workspace: string;

beforeAll(() => {
  workspace = tempDir("runway-sched-ws-");
  cpSync("environments", join(workspace, "environments"), { recursive: true });
});

function run(input: Partial<SchedulerInput>) {
  const logger = new MemoryLogger();
  const ctx: CommandContext = { logger, clock: fastClock(), clients: () => fx.clients.rest, fetch, env: {} };
  const full = { environment: "qa", command: "sync", dryRun: false, prune: false, configDir: "environments", root: workspace, ...input };
  return schedulerCommand(full, ctx).then((result) => ({ ...result, logger }));
}

describe("runway scheduler (command)", () => {
  it("prints the plan, honours dry-run, applies, then has nothing to do", async () => {
    const since = (await fx.calls()).length;
    const dry = await run({ dryRun: true });
    expect(dry.outputs).toMatchObject({ outcome: "dry-run", "changed-count": "1" });
    expect(dry.logger.lines.join("\n")).toMatch(
      /\+ create qa-clearsessions-nightly {2}\(runway-qa-qa-clearsessions-nightly\)[\s\S]*schedule +0 3 \* \* \*[\s\S]*next runs \(Asia\/Seoul\): 2026-11-23 Mon 03:00 GMT\+09:00/,
    );
    expect(dry.summary).toMatch(
      /dry run: nothing changed[\s\S]*\| schedule \| job \| change \| fields \| next runs \|[\s\S]*qa-clearsessions-nightly/,
    );
    expect(await writes(fx, since)).toEqual([]);

    const applied = await run({});
    expect(applied.outputs.outcome).toBe("applied");
    expect(JSON.parse(applied.outputs.changes as string)).toEqual([
      expect.objectContaining({ schedule: "qa-clearsessions-nightly", actions: ["create"] }),
    ]);
    expect((applied.json as { report: { applied: unknown[] } }).report.applied).toHaveLength(1);
    expect([...(await liveJobs(fx.clients.grpc)).keys()]).toEqual(["runway-qa-qa-clearsessions-nightly"]);

    const again = await run({});
    expect(again.outputs).toMatchObject({ outcome: "unchanged", "changed-count": "0" });
    expect(again.summary).toMatch(/already in sync/);
  });

  it("pauses and resumes the environment's schedules", async () => {
    await run({});
    const paused = await run({ command: "pause" });
    expect(paused.summary).toMatch(/scheduler pause of qa[\s\S]*qa-clearsessions-nightly \| paused/);
    expect(String((await liveJobs(fx.clients.grpc)).get("runway-qa-qa-clearsessions-nightly")?.state)).toBe("PAUSED");
    const resumed = await run({ command: "resume" });
    expect(resumed.outputs["changed-count"]).toBe("1");
    expect(String((await liveJobs(fx.clients.grpc)).get("runway-qa-qa-clearsessions-nightly")?.state)).toBe("ENABLED");
  });

  it("fails with a summary of what was applied when a change fails", async () => {
    await fx.control("/_emulator/faults", {
      method: "google.cloud.scheduler.v1.CloudScheduler/CreateJob",
      code: "PERMISSION_DENIED",
      times: -1,
    });
    const error = (await run({}).catch((e: unknown) => e)) as Error & { summary: string };
    expect(error.name).toBe("CommandFailure");
    expect(error.message).toMatch(/scheduler sync of qa: 1 scheduler change\(s\) failed/);
    expect(error.summary).toMatch(/partly applied[\s\S]*\| qa-clearsessions-nightly \| create \| ❌/);
  });
});

describe("runway scheduler (CLI arguments)", () => {
  it.each([
    [["restart", "--env", "qa"], /unknown subcommand "restart"; expected sync, pause, resume/],
    [["sync"], /--env is required/],
    [["sync", "--env", "qa", "--format", "yaml"], /--format must be text or json/],
    [["sync", "--env", "qa", "--force"], /unknown option --force/],
  ])("refuses %j", async (argv, message) => {
    await expect(schedulerCli(argv)).rejects.toThrow(message);
  });
});

describe("actions/scheduler", () => {
  // The committed bundle, run exactly as the runner runs it.
  const runAction = (inputs: Record<string, string>) =>
    runBundledAction("scheduler", inputs, { RUNWAY_EMULATOR_HOST: fx.emu.grpc, GITHUB_WORKSPACE: workspace });

  it("syncs with its inputs, writes outputs and the job summary", async () => {
    const defaults = { environment: "qa", command: "sync", prune: "false", "dry-run": "false", "config-dir": "environments" };
    const since = (await fx.calls()).length;
    const dry = await runAction({ ...defaults, "dry-run": "true" });
    expect(dry.code, dry.stderr + dry.stdout).toBe(0);
    expect(dry.outputs).toMatchObject({ outcome: "dry-run", "changed-count": "1" });
    expect(await writes(fx, since)).toEqual([]);
    const applied = await runAction(defaults);
    expect(applied.code).toBe(0);
    expect(applied.outputs.outcome).toBe("applied");
    expect(applied.summary).toMatch(/## Runway scheduler sync of qa: ✅ applied/);
    const bad = await runAction({ ...defaults, command: "restart" });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/::error::command: must be one of sync, pause, resume/);
  });
});
