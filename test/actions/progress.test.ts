// A canary wait is never silent: on the fake clock, a rollout with 1-minute and 2-minute waits
// logs where it stands at least every 30 s of clock time, with the time left and the last
// check's result; a terminal gets one line redrawn in place. No real time passes.
import { describe, expect, it } from "vitest";
import { deploy } from "../../src/core/deploy.js";
import { liveLine, type Logger, MemoryLogger, PROGRESS_EVERY_MS, waitWithProgress } from "../../src/shared/runtime.js";
import { deps, digest, fastClock, sha, target } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();

/** A logger that stamps each progress line with the fake clock's time. */
function stamped(clock: { now(): Date }, live = false): Logger & { stamps: { at: number; message: string }[] } {
  const inner = new MemoryLogger();
  const stamps: { at: number; message: string }[] = [];
  return Object.assign(inner, {
    stamps,
    liveProgress: live,
    progress: (message: string) => stamps.push({ at: clock.now().getTime(), message }),
  });
}

describe("progress during waits", () => {
  it("a rollout's canary waits log progress at least every 30 s of clock time", async () => {
    // A first deploy goes straight to 100%; the second rolls out in steps.
    await deploy({ target: target(), image: digest(1), commit: sha(1), dryRun: false }, deps(fx.clients.grpc));
    const clock = fastClock();
    const logger = stamped(clock);
    const result = await deploy(
      { target: target(), image: digest(2), commit: sha(2), dryRun: false },
      deps(fx.clients.grpc, { clock, logger }),
    );
    expect(result.outcome).toBe("deployed");
    // The waits passed on the test's clock, not the wall's: 3 minutes of waiting in a test whose
    // timeout is 30 s would fail it.
    // Steps 10% (wait 60 s) and 50% (wait 120 s): every slice of every wait is announced.
    const at10 = logger.stamps.filter((s) => s.message.includes("at 10%"));
    const at50 = logger.stamps.filter((s) => s.message.includes("at 50%"));
    expect(at10.map((s) => s.message)).toEqual([
      expect.stringMatching(/^… web-0000002-\w+ at 10%, checks after the wait: 1m00s left of 1m00s; last check: 1 check passed$/),
      expect.stringContaining("40s left of 1m00s"),
      expect.stringContaining("20s left of 1m00s"),
    ]);
    expect(at50).toHaveLength(6);
    for (const wait of [at10, at50]) {
      const times = wait.map((s) => s.at);
      const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
      expect(Math.max(...gaps)).toBeLessThanOrEqual(30_000);
    }
    // All of the waits were slept, on the fake clock only.
    const slept = clock.slept.reduce((a, b) => a + b, 0);
    expect(slept).toBe(180_000);
  });

  it("a wait of any length is split into announced slices no longer than 30 s", async () => {
    for (const ms of [1, 999, 20_000, 29_999, 61_000, 3_600_000]) {
      const clock = fastClock();
      const logger = stamped(clock);
      const start = clock.now().getTime();
      await waitWithProgress(clock, logger, ms, "canary", () => "2 checks passed");
      expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(ms);
      expect(Math.max(...clock.slept)).toBeLessThanOrEqual(Math.min(30_000, PROGRESS_EVERY_MS));
      expect(logger.stamps).toHaveLength(clock.slept.length);
      const times = [...logger.stamps.map((s) => s.at), start + ms];
      expect(Math.max(...times.slice(1).map((t, i) => t - (times[i] as number)))).toBeLessThanOrEqual(30_000);
      expect(logger.stamps[0]?.message).toMatch(/^… canary: .* left of .*; last check: 2 checks passed$/);
    }
  });

  it("without a progress method the lines go to info", async () => {
    const clock = fastClock();
    const logger = new MemoryLogger();
    const plain: Logger = {
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
      group: (t, r) => logger.group(t, r),
      secret: (v) => logger.secret(v),
    };
    await waitWithProgress(clock, plain, 45_000, "canary");
    expect(logger.lines).toEqual(["info … canary: 45s left of 45s", "info … canary: 25s left of 45s", "info … canary: 5s left of 45s"]);
  });

  it("in a terminal, one line is redrawn every second and ended when the wait is over", async () => {
    const clock = fastClock();
    const written: string[] = [];
    const logger = Object.assign(new MemoryLogger(), { liveProgress: true, progress: liveLine((t) => written.push(t)) });
    await waitWithProgress(clock, logger, 3_000, "canary");
    expect(written).toEqual([
      "\r\u001b[2K… canary: 3s left of 3s",
      "\r\u001b[2K… canary: 2s left of 3s",
      "\r\u001b[2K… canary: 1s left of 3s",
      "\r\u001b[2K✓ canary: waited 3s\n",
    ]);
  });
});
