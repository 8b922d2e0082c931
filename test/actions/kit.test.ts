// The actions kit in-process: a bug reads as one ::error saying so (the stack only under
// RUNWAY_DEBUG=1), a nested log group is flattened (GitHub cannot show one), and a plan's
// "! …" line is a warning annotation.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { actionsLogger } from "../../src/actions-kit/logger.js";
import { runAction } from "../../src/actions-kit/run.js";
import { parseOutputs } from "../helpers/action.js";
import { tempDir } from "../helpers/tmp.js";

let out: string[];
let files: { output: string; summary: string };
const saved = { ...process.env };

beforeEach(() => {
  out = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const dir = tempDir("runway-kit-");
  files = { output: join(dir, "output"), summary: join(dir, "summary") };
  writeFileSync(files.output, "");
  writeFileSync(files.summary, "");
  Object.assign(process.env, { GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, INPUT_ENVIRONMENT: "qa" });
});

afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  process.exitCode = undefined;
});

const lines = () => out.join("").split("\n");

const buggy = () =>
  runAction({
    inputs: (read) => ({ environment: read.string("environment", { required: true }) }),
    heading: (i) => `Runway test of ${i.environment}`,
    attempted: (i) => `test ${i.environment}`,
    run: async () => {
      (undefined as unknown as { x: () => void }).x();
      throw new Error("unreachable");
    },
  });

describe("runAction", () => {
  it("tells a bug apart: one ::error saying so, no stack, a summary, outcome failed", async () => {
    await buggy();
    expect(process.exitCode).toBe(1);
    const errors = lines().filter((l) => l.startsWith("::error"));
    expect(errors).toEqual([
      expect.stringMatching(
        /^::error::this is a bug in Runway, not a problem with your inputs or configuration; .*RUNWAY_DEBUG=1.*: Cannot read properties of undefined/,
      ),
    ]);
    expect(lines().filter((l) => /^\s+at /.test(l))).toEqual([]);
    const summary = readFileSync(files.summary, "utf8");
    expect(summary).toMatch(/^## Runway test of qa: 💥 failed: a bug in Runway$/m);
    expect(summary).toContain("**Attempted:** test qa");
    expect(parseOutputs(readFileSync(files.output, "utf8")).outcome).toBe("failed");
  });

  it("shows the stack of a bug under RUNWAY_DEBUG=1, still with one ::error", async () => {
    process.env.RUNWAY_DEBUG = "1";
    await buggy();
    expect(lines().filter((l) => l.startsWith("::error"))).toHaveLength(1);
    expect(lines().filter((l) => /^\s+at /.test(l)).length).toBeGreaterThan(0);
  });
});

describe("actionsLogger", () => {
  it("flattens a group opened inside another into indented plain lines", async () => {
    await actionsLogger.group("batch jobs and schedules", async () => {
      actionsLogger.info("outer line");
      await actionsLogger.group("scheduler plan", async () => {
        actionsLogger.info("inner line\nsecond inner line");
        await actionsLogger.group("deepest", async () => actionsLogger.info("deepest line"));
      });
      actionsLogger.info("outer again");
    });
    expect(lines().filter(Boolean)).toEqual([
      "::group::batch jobs and schedules",
      "outer line",
      "▸ scheduler plan",
      "  inner line",
      "  second inner line",
      "  ▸ deepest",
      "    deepest line",
      "outer again",
      "::endgroup::",
    ]);
  });

  it("turns a plan's '! …' lines into warning annotations", () => {
    actionsLogger.info("plan for qa\n! schedule qa-nightly: time zone Mars/Olympus is unknown\n  create qa-nightly");
    expect(lines().filter(Boolean)).toEqual([
      "plan for qa",
      "::warning::schedule qa-nightly: time zone Mars/Olympus is unknown",
      "  create qa-nightly",
    ]);
  });
});
