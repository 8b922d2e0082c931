// Regression (found by test/reliability/migration-faults.test.ts): a transient fault on one poll
// of a long-running operation (GetOperation) failed the migration step, although the migration
// job went on running in Cloud Run, so the re-run the error asked for started a second one.
// awaitOperation polls the same operation again; the operation's own failure is not retried.
import { describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/shared/runtime.js";
import { CALL_OPTIONS, awaitOperation } from "../../src/gcp/retry.js";
import { fastClock } from "../helpers/deploy.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();
const IMAGE = "europe-docker.pkg.dev/demo/jobs/sleep:1";
const POLL = "google.longrunning.Operations/GetOperation";

describe.each(TRANSPORTS)("awaitOperation over %s", (transport) => {
  const jobs = () => fx.clients[transport].jobs;

  /** Starts an execution that runs long enough (300 ms) to be polled, and injects `fault` before its first poll. */
  async function started(fault?: Record<string, unknown>) {
    await fx.control("/_emulator/images", {
      image: IMAGE,
      entrypoint: ["node", "-e", "setTimeout(() => process.exit(Number(process.env.EXIT_CODE ?? 0)), 300)"],
    });
    const [create] = await jobs().createJob({
      parent: PARENT,
      jobId: "sleeper",
      job: { template: { template: { containers: [{ image: IMAGE }], maxRetries: 0 } } },
    });
    await create.promise();
    const exit = fault?.exitCode === undefined ? [] : [{ env: [{ name: "EXIT_CODE", value: String(fault.exitCode) }] }];
    const [operation] = await jobs().runJob({ name: `${PARENT}/jobs/sleeper`, overrides: { containerOverrides: exit } }, CALL_OPTIONS);
    if (fault?.code) await fx.control("/_emulator/faults", { method: POLL, code: fault.code, times: fault.times });
    return operation;
  }

  const deps = () => ({ clock: fastClock(), logger: new MemoryLogger() });
  const polls = async () => (await fx.calls()).filter((c) => c.method === POLL);

  it.each(["UNAVAILABLE", "DEADLINE_EXCEEDED"])("polls the same operation again after one %s", async (code) => {
    const operation = await started({ code, times: 1 });
    const d = deps();
    const [execution] = await awaitOperation("RunJob sleeper", operation, d);
    expect(String(execution.name)).toContain("/jobs/sleeper/executions/");
    expect((await polls()).filter((c) => c.code === code)).toHaveLength(1);
    expect(d.logger.lines.join("\n")).toContain("RunJob sleeper: polling the operation");
    // Polled again, not started again: one execution.
    const [executions] = await fx.clients[transport].executions.listExecutions({ parent: `${PARENT}/jobs/sleeper` });
    expect(executions).toHaveLength(1);
  });

  it("gives up after the retry policy's attempts when the polls keep failing", async () => {
    const operation = await started({ code: "UNAVAILABLE", times: -1 });
    const error = await awaitOperation("RunJob sleeper", operation, deps()).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((await polls()).filter((c) => c.code === "UNAVAILABLE")).toHaveLength(5);
  });

  it("does not retry the operation's own failure", async () => {
    const operation = await started({ exitCode: 3 });
    const d = deps();
    const error = await awaitOperation("RunJob sleeper", operation, d).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(d.logger.lines.filter((l) => l.startsWith("warn"))).toEqual([]);
  });
});
