import { MemoryLogger, type Clock } from "../../src/shared/runtime.js";
import type { DeployDeps, DeployTarget } from "../../src/core/deploy.js";
import type { RollbackDeps } from "../../src/core/rollback.js";
import type { GcpClients } from "../../src/gcp/clients.js";
import { progressText } from "../../src/present/terminal/index.js";

export const digest = (n: number) =>
  `asia-northeast3-docker.pkg.dev/demo-project/app/web@sha256:${n.toString(16).padStart(6, "0")}${"d".repeat(58)}`;
export const sha = (n: number) => `${n.toString(16).padStart(7, "0")}${"c".repeat(33)}`;

/** A clock whose sleeps return at once, advancing time, so waits are tested without waiting. */
export function fastClock(start = new Date("2026-11-22T03:00:00Z")): Clock & { slept: number[] } {
  let now = start.getTime();
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(now),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

export function target(overrides: Partial<DeployTarget> = {}): DeployTarget {
  return {
    name: "qa",
    project: "demo-project",
    region: "asia-northeast3",
    requireDigest: true,
    service: {
      name: "web",
      port: 8080,
      env: { DJANGO_SETTINGS_MODULE: "config.settings" },
      secrets: {},
      resources: { cpu: "1", memory: "512Mi", cpuIdle: true },
      scaling: { minInstances: 0, maxInstances: 10 },
      concurrency: 80,
      timeoutMs: 300_000,
      labels: { app: "web" },
    },
    checks: [{ name: "health", path: "/", expectStatus: 200, timeoutMs: 2000, retries: 0 }],
    steps: [
      { percent: 10, waitMs: 60_000, checks: [] },
      { percent: 50, waitMs: 120_000, checks: [] },
      { percent: 100, waitMs: 0, checks: [] },
    ],
    ...overrides,
  };
}

export function deps(
  clients: GcpClients,
  extra: Partial<DeployDeps & RollbackDeps> = {},
): DeployDeps & RollbackDeps & { logger: MemoryLogger } {
  // The plans are printed as the entries print them, so that a test reads the same log.
  return {
    clients,
    clock: fastClock(),
    logger: new MemoryLogger(),
    fetch,
    checkRetryDelayMs: 1,
    progress: progressText,
    ...extra,
  } as DeployDeps & RollbackDeps & { logger: MemoryLogger };
}
