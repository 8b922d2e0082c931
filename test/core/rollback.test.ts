import { describe, expect, it } from "vitest";
import { deploy } from "../../src/core/deploy.js";
import { readLedger } from "../../src/core/ledger.js";
import { rollback } from "../../src/core/rollback.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { deps, digest, fastClock, sha, target } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();
const NAME = `${PARENT}/services/web`;

async function release(n: number) {
  return deploy({ target: target(), image: digest(n), commit: sha(n), dryRun: false }, deps(fx.clients.grpc));
}

describe("rollback against the emulator", () => {
  it("restores the release live before the current one with one read and one write", async () => {
    const first = await release(1);
    const second = await release(2);
    const before = (await fx.calls()).length;
    const result = await rollback({ target: target(), force: false, dryRun: false }, deps(fx.clients.grpc));
    expect(result.plan).toEqual(expect.objectContaining({ from: second.revision, to: first.revision }));
    const calls = (await fx.calls()).slice(before).filter((c) => c.method.includes("Services/"));
    expect(calls.map((c) => c.method.split("/")[1])).toEqual(["GetService", "UpdateService"]);
    const [service] = await fx.clients.grpc.services.getService({ name: NAME });
    expect(servedTraffic(service).find((e) => e.percent === 100)?.revision).toBe(first.revision);
    expect(
      servedTraffic(service)
        .filter((e) => e.tag)
        .map((e) => e.tag)
        .sort(),
    ).toEqual([first.plan.tag, second.plan.tag].sort());
    expect(readLedger(service)[second.revision]?.state).toBe("rolled-back");
    expect(readLedger(service)[first.revision]?.state).toBe("healthy");
    expect(result.checks.every((c) => c.ok)).toBe(true);
  });

  it("rolls back to a named release or revision", async () => {
    const first = await release(1);
    await release(2);
    await release(3);
    const byRelease = await rollback({ target: target(), to: first.plan.release.id, force: false, dryRun: false }, deps(fx.clients.grpc));
    expect(byRelease.plan.to).toBe(first.revision);
  });

  it("plans without writing on a dry run", async () => {
    await release(1);
    await release(2);
    const before = (await fx.calls()).length;
    const result = await rollback({ target: target(), force: false, dryRun: true }, deps(fx.clients.grpc));
    expect(result.outcome).toBe("dry-run");
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
  });

  it("fails clearly when the target revision was deleted, listing what is still available", async () => {
    const first = await release(1);
    const second = await release(2);
    const third = await release(3);
    // Move the old tags off the first revision so it can be deleted.
    const [svc] = await fx.clients.grpc.services.getService({ name: NAME });
    const [op] = await fx.clients.grpc.services.updateService({
      service: { ...svc, traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: third.revision, percent: 100 }] },
    });
    await op.promise();
    const [del] = await fx.clients.grpc.revisions.deleteRevision({ name: `${NAME}/revisions/${first.revision}` });
    await del.promise();
    const error = await rollback({ target: target(), to: first.revision, force: false, dryRun: false }, deps(fx.clients.grpc)).catch(
      (e) => e,
    );
    expect(error.name).toBe("RefusalError");
    expect(error.message).toContain(`${first.revision} is not a release or revision of qa (or it no longer exists)`);
    expect(error.message).toContain(second.plan.release.id);
  });

  it("refuses when there is nothing earlier, or the target already serves everything", async () => {
    await release(1);
    const error = await rollback({ target: target(), force: false, dryRun: false }, deps(fx.clients.grpc)).catch((e) => e);
    expect(error.message).toContain("no earlier release recorded");
  });

  it("refuses past migrations that the old code cannot run against, unless forced", async () => {
    const first = await release(1);
    await release(2);
    const hooks = { migrationBlockers: () => ["0003_drop_price (shop): drops a column the old code reads"] };
    const refused = await rollback(
      { target: target(), force: false, dryRun: false },
      deps(fx.clients.grpc, { rollbackHooks: hooks }),
    ).catch((e) => e);
    expect(refused.message).toContain("0003_drop_price");
    const forced = await rollback({ target: target(), force: true, dryRun: false }, deps(fx.clients.grpc, { rollbackHooks: hooks }));
    expect(forced.plan.to).toBe(first.revision);
  });

  it("wins against a rollout that changes the service meanwhile", async () => {
    await release(1);
    await release(2);
    await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Services/UpdateService", code: "ABORTED", times: 1 });
    const result = await rollback({ target: target(), force: false, dryRun: false }, deps(fx.clients.grpc));
    expect(result.outcome).toBe("rolled-back");
  });

  // Regression (issue 13): with no `replaced` to follow, the default target could be the
  // release the last rollback moved away from.
  it("never picks a rolled-back release as the default target", async () => {
    const clock = fastClock();
    const d = () => deps(fx.clients.grpc, { clock });
    const ship = (n: number) => deploy({ target: target(), image: digest(n), commit: sha(n), dryRun: false }, d());
    const first = await ship(1);
    await ship(2);
    await rollback({ target: target(), force: false, dryRun: false }, d());
    await clock.sleep(60_000);
    await fx.control("/_emulator/images", { image: digest(3), status: 500 });
    await ship(3).catch(() => undefined);
    const error = await rollback({ target: target(), force: false, dryRun: false }, d()).catch((e) => e);
    expect(error.name).toBe("RefusalError");
    expect(error.message).toContain(`no earlier release recorded to roll back to (live: ${first.revision})`);
  });
});
