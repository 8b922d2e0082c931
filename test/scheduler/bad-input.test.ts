// Bad schedules and inputs through the real scheduler command: each is refused with the field
// named, and the emulator's call log proves that nothing was called, let alone written.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/commands/context.js";
import { schedulerCommand } from "../../src/commands/scheduler.js";
import { MemoryLogger } from "../../src/shared/runtime.js";
import { fastClock } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";
import { tempDir } from "../helpers/tmp.js";

const fx = useEmulator();

const TARGET = "    target:\n      batch: web-qa-clearsessions\n";
const replace = (from: string | RegExp, to: string) => (qa: string) => {
  const next = qa.replace(from, to);
  if (next === qa) throw new Error(`test setup: ${from} not found in qa.yaml`);
  return next;
};
const afterTarget = (lines: string) => replace(TARGET, `${TARGET}${lines}\n`);
const same = (qa: string) => qa;

type Case = [title: string, mutate: (qa: string) => string, field: RegExp, input?: { command?: string; prune?: boolean }];

const CASES: Case[] = [
  ["a cron with four fields", replace('cron: "0 3 * * *"', 'cron: "0 3 * *"'), /schedules\[0\]\.cron/],
  ["a cron in English", replace('cron: "0 3 * * *"', 'cron: "every day at 3"'), /schedules\[0\]\.cron/],
  ["a cron with Quartz syntax Scheduler lacks", replace('cron: "0 3 * * *"', 'cron: "0 3 L * *"'), /schedules\[0\]\.cron/],
  ["a cron out of range", replace('cron: "0 3 * * *"', 'cron: "0 25 * * *"'), /schedules\[0\]\.cron/],
  ["a time zone that does not exist", replace("time-zone: Asia/Seoul", "time-zone: Mars/Olympus"), /schedules\[0\]\.time-zone/],
  ["a UTC offset for a time zone", replace("time-zone: Asia/Seoul", 'time-zone: "+09:00"'), /schedules\[0\]\.time-zone/],
  [
    "a target naming an unknown batch job",
    replace("batch: web-qa-clearsessions\n    #", "batch: nightly-report\n    #"),
    /schedules\[0\]\.target\.batch/,
  ],
  [
    "duplicate schedule names",
    afterTarget('  - name: qa-clearsessions-nightly\n    cron: "0 4 * * *"\n    target:\n      batch: web-qa-clearsessions'),
    /schedules\[1\]\.name.*duplicate/s,
  ],
  [
    "duplicate batch job names",
    replace("    timeout: 10m\n", "    timeout: 10m\n  - name: web-qa-clearsessions\n    command: [python, manage.py, x]\n"),
    /batch\[1\]\.name.*duplicate/s,
  ],
  ["a retry count over 5", afterTarget("    retry:\n      count: 9"), /schedules\[0\]\.retry\.count/],
  ["a negative retry count", afterTarget("    retry:\n      count: -1"), /schedules\[0\]\.retry\.count/],
  ["an attempt deadline over 30 minutes", afterTarget("    attempt-deadline: 45m"), /schedules\[0\]\.attempt-deadline/],
  ["an attempt deadline under 15 seconds", afterTarget("    attempt-deadline: 5s"), /schedules\[0\]\.attempt-deadline/],
  ["a schedule name Scheduler refuses", replace("- name: qa-clearsessions-nightly", "- name: qa clearsessions"), /schedules\[0\]\.name/],
  [
    "min backoff above max backoff",
    afterTarget("    retry:\n      min-backoff: 2h\n      max-backoff: 1h"),
    /schedules\[0\]\.retry\.min-backoff/,
  ],
  ["an unknown command", same, /^command:/, { command: "restart" }],
  ["prune with pause", same, /^prune:/, { command: "pause", prune: true }],
];

describe("bad input to the scheduler command", () => {
  it.each(CASES)("%s", async (_title, mutate, field, input = {}) => {
    const workspace = tempDir("runway-sched-bad-");
    cpSync("environments", join(workspace, "environments"), { recursive: true });
    const qa = join(workspace, "environments", "qa.yaml");
    writeFileSync(qa, mutate(readFileSync(qa, "utf8")));
    const ctx: CommandContext = { logger: new MemoryLogger(), clock: fastClock(), clients: () => fx.clients.grpc, fetch, env: {} };
    const run = schedulerCommand(
      { environment: "qa", command: "sync", dryRun: false, prune: false, configDir: "environments", root: workspace, ...input },
      ctx,
    );
    const error = await run.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("ConfigurationError");
    expect(error?.message).toMatch(field);
    expect(await fx.calls()).toEqual([]);
  });
});
