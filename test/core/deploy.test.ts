import { describe, expect, it } from "vitest";
import { deploy, DeployFailure } from "../../src/core/deploy.js";
import { readLedger } from "../../src/core/ledger.js";
import { renderDeploySummary } from "../../src/present/summary/index.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { deps, digest, sha, target } from "../helpers/deploy.js";
import { createService, shortName, split, updateService, withImage, withTraffic } from "../helpers/run.js";

const fx = useEmulator();
const NAME = `${PARENT}/services/web`;

async function served() {
  const [service] = await fx.clients.grpc.services.getService({ name: NAME });
  return servedTraffic(service);
}

async function baseline() {
  const v1 = await deploy({ target: target(), image: digest(1), commit: sha(1), dryRun: false }, deps(fx.clients.grpc));
  return v1.revision;
}

describe("deploy against the emulator", () => {
  it("first deploy creates the service with 100% on the release revision and records it healthy", async () => {
    const d = deps(fx.clients.grpc);
    const result = await deploy({ target: target(), image: digest(1), commit: sha(1), dryRun: false }, d);
    expect(result.outcome).toBe("deployed");
    expect(result.plan.firstDeploy).toBe(true);
    expect(result.revision).toMatch(/^web-0000001-[0-9a-f]{5}$/);
    expect(await served()).toEqual([{ revision: result.revision, percent: 100, tag: result.plan.tag }]);
    const [service] = await fx.clients.grpc.services.getService({ name: NAME });
    expect(readLedger(service)[result.revision]?.state).toBe("healthy");
    expect(result.url).toBe(service.uri);
    expect(result.tagUrl).toMatch(/rel-0000001-000001---web$/);
    const [revision] = await fx.clients.grpc.revisions.getRevision({ name: `${NAME}/revisions/${result.revision}` });
    expect(revision.labels).toEqual(
      expect.objectContaining({ "runway-release": result.plan.release.id, "runway-commit": sha(1), app: "web" }),
    );
  });

  it("plans without writing on a dry run", async () => {
    await baseline();
    const before = (await fx.calls()).length;
    const result = await deploy({ target: target(), image: digest(2), commit: sha(2), dryRun: true }, deps(fx.clients.grpc));
    expect(result.outcome).toBe("dry-run");
    expect(result.plan.steps.map((s) => s.traffic.map((e) => e.percent))).toEqual([
      [90, 10],
      [50, 50],
      [0, 100],
    ]);
    const calls = (await fx.calls()).slice(before);
    expect(calls.every((c) => !c.mutating)).toBe(true);
  });

  it("rolls out through the steps and leaves 100% on the new revision", async () => {
    const first = await baseline();
    await updateService(fx.clients.grpc.services, NAME, withTraffic(split([[first, 100, "stable"]])));
    const d = deps(fx.clients.grpc);
    const result = await deploy({ target: target(), image: digest(2), commit: sha(2), dryRun: false }, d);
    expect(result.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual([
      "read service:ok",
      "create revision:ok",
      "migrations:skipped",
      "smoke checks:ok",
      "traffic 10%:ok",
      "traffic 50%:ok",
      "traffic 100%:ok",
      "record release:ok",
    ]);
    expect(await served()).toEqual([
      { revision: first, percent: 0, tag: "stable" },
      { revision: result.revision, percent: 100, tag: result.plan.tag },
    ]);
    // The waits sleep in slices of at most 20 s, each announced: 60 s at 10%, then 120 s at 50%.
    const slept = (d.clock as unknown as { slept: number[] }).slept;
    expect(slept.reduce((a, b) => a + b, 0)).toBe(180_000);
    expect(Math.max(...slept)).toBeLessThanOrEqual(20_000);
    expect(result.previousRevision).toBe(first);
  });

  it("a failing smoke check at 0% restores traffic exactly and marks the revision failed", async () => {
    const first = await baseline();
    await updateService(fx.clients.grpc.services, NAME, withTraffic(split([[first, 100, "stable"]])));
    const before = await served();
    await fx.control("/_emulator/images", { image: digest(3), status: 500, body: "boom" });
    const failure = await deploy({ target: target(), image: digest(3), commit: sha(3), dryRun: false }, deps(fx.clients.grpc)).catch(
      (e) => e,
    );
    expect(failure).toBeInstanceOf(DeployFailure);
    expect(failure.step).toBe("smoke checks");
    expect(failure.message).toContain("status 500, expected 200");
    expect(failure.restored).toBe(true);
    expect(await served()).toEqual(before);
    const [service] = await fx.clients.grpc.services.getService({ name: NAME });
    expect(readLedger(service)[failure.result.revision]?.state).toBe("failed");
  });

  it("a check failing at the 50% step restores traffic and tags exactly as before", async () => {
    const first = await baseline();
    await updateService(fx.clients.grpc.services, NAME, withTraffic(split([[first, 100, "stable"]])));
    const before = await served();
    // Answers 200 twice (the smoke check and the 10% step), then 503: a canary that degrades.
    const server =
      "let n=0;require('http').createServer((q,s)=>{s.statusCode=++n>2?503:200;s.end('n='+n)}).listen(process.env.PORT,'127.0.0.1')";
    await fx.control("/_emulator/images", { image: digest(4), command: ["node", "-e", server] });
    const failure = await deploy({ target: target(), image: digest(4), commit: sha(4), dryRun: false }, deps(fx.clients.grpc)).catch(
      (e) => e,
    );
    expect(failure).toBeInstanceOf(DeployFailure);
    expect(failure.step).toBe("traffic 50%");
    expect(failure.message).toContain("status 503");
    expect(await served()).toEqual(before);
  });

  it("fails at create revision when the revision never becomes Ready, leaving traffic untouched", async () => {
    await baseline();
    const before = await served();
    await fx.control("/_emulator/images", { image: digest(5), ready: false });
    const failure = await deploy({ target: target(), image: digest(5), commit: sha(5), dryRun: false }, deps(fx.clients.grpc)).catch(
      (e) => e,
    );
    expect(failure.step).toBe("create revision");
    expect(failure.message).toContain("is not ready and cannot serve traffic");
    expect(await served()).toEqual(before);
  });

  it("retries an injected UNAVAILABLE and completes", async () => {
    await baseline();
    await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Services/UpdateService", code: "UNAVAILABLE", times: 2 });
    const d = deps(fx.clients.grpc);
    const result = await deploy({ target: target(), image: digest(6), commit: sha(6), dryRun: false }, d);
    expect(result.outcome).toBe("deployed");
    expect(d.logger.lines.filter((l) => l.includes("UNAVAILABLE"))).toHaveLength(2);
    expect((await served()).find((e) => e.percent === 100)?.revision).toBe(result.revision);
  });

  it("re-reads and retries when the etag moves without a conflicting change", async () => {
    await baseline();
    const d = deps(fx.clients.grpc, {
      hooks: {
        beforeTraffic: async () => {
          // Someone edits a label meanwhile: the etag moves, the traffic does not.
          await updateService(fx.clients.rest.services, NAME, (s) => ({ ...s, labels: { ...s.labels, touched: "yes" } }));
          return "label edited";
        },
      },
    });
    const result = await deploy({ target: target(), image: digest(7), commit: sha(7), dryRun: false }, d);
    expect(result.outcome).toBe("deployed");
    expect((await fx.calls()).some((c) => c.method.endsWith("UpdateService") && c.code === "ABORTED")).toBe(true);
  });

  it("stops, without overwriting, when another rollout changes traffic mid-flight", async () => {
    const first = await baseline();
    const d = deps(fx.clients.grpc, {
      hooks: {
        beforeTraffic: async () => {
          await updateService(fx.clients.rest.services, NAME, withTraffic(split([[first, 100, "someone-else"]])));
          return "traffic changed by another actor";
        },
      },
    });
    const failure = await deploy({ target: target(), image: digest(8), commit: sha(8), dryRun: false }, d).catch((e) => e);
    expect(failure).toBeInstanceOf(DeployFailure);
    // The other actor's traffic wins: Runway neither shifts nor "restores" over it.
    expect(failure.restored).toBe(false);
    expect(d.logger.lines.some((l) => l.includes("another rollout changed"))).toBe(true);
    expect(await served()).toEqual([{ revision: first, percent: 100, tag: "someone-else" }]);
  });

  it("a re-run of the same release is a no-op", async () => {
    await baseline();
    const before = (await fx.calls()).length;
    const again = await deploy({ target: target(), image: digest(1), commit: sha(1), dryRun: false }, deps(fx.clients.grpc));
    expect(again.outcome).toBe("unchanged");
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
  });

  it("a run killed between steps converges when run again, without a duplicate revision", async () => {
    const first = await baseline();
    const hung = deps(fx.clients.grpc);
    hung.clock.sleep = () => new Promise(() => undefined);
    void deploy({ target: target(), image: digest(9), commit: sha(9), dryRun: false }, hung);
    await expect.poll(async () => (await served()).find((e) => e.revision !== first)?.percent, { timeout: 5000 }).toBe(10);
    const result = await deploy({ target: target(), image: digest(9), commit: sha(9), dryRun: false }, deps(fx.clients.grpc));
    expect(result.outcome).toBe("deployed");
    expect((await served()).filter((e) => e.percent > 0)).toEqual([{ revision: result.revision, percent: 100, tag: result.plan.tag }]);
    const [revisions] = await fx.clients.grpc.revisions.listRevisions({ parent: NAME });
    expect(revisions.filter((r) => r.name?.endsWith(result.revision))).toHaveLength(1);
    expect(revisions).toHaveLength(2);
  });

  it("refuses a tag-only image where a digest is required, before any call", async () => {
    const error = await deploy(
      { target: target(), image: "asia-northeast3-docker.pkg.dev/demo-project/app/web:latest", commit: sha(1), dryRun: false },
      deps(fx.clients.grpc),
    ).catch((e) => e);
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain("requires an image by digest");
    expect(await fx.calls()).toEqual([]);
  });

  it("refuses to deploy inside a freeze window, after reading but before writing", async () => {
    await baseline();
    const before = (await fx.calls()).length;
    const frozen = target({ freezeAt: (at) => ({ reason: "holiday", until: new Date(at.getTime() + 3_600_000) }) });
    const error = await deploy({ target: frozen, image: digest(2), commit: sha(2), dryRun: false }, deps(fx.clients.grpc)).catch((e) => e);
    expect(error.name).toBe("RefusalError");
    expect(error.message).toContain("holiday");
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
  });

  // Regression (issue 13): previous-revision and "replaces" named the first traffic entry,
  // which is not the one being replaced when an older revision is listed first.
  it("reports as replaced the revision that served the most traffic, not the first traffic entry", async () => {
    const first = await baseline();
    const second = (await deploy({ target: target(), image: digest(2), commit: sha(2), dryRun: false }, deps(fx.clients.grpc))).revision;
    await updateService(
      fx.clients.grpc.services,
      NAME,
      withTraffic(
        split([
          [first, 10, "stable"],
          [second, 90],
        ]),
      ),
    );
    const result = await deploy({ target: target(), image: digest(3), commit: sha(3), dryRun: false }, deps(fx.clients.grpc));
    expect(result.previousRevision).toBe(second);
    expect(renderDeploySummary(result)).toContain(`replaces <code>${second}</code>`);
  });

  // Regression (issue 13): "image before" was the service template's image, which a failed
  // release leaves behind although its revision never served.
  it("shows as image before the image of the serving revision, from the ledger without a call", async () => {
    await baseline();
    await fx.control("/_emulator/images", { image: digest(2), status: 500 });
    await deploy({ target: target(), image: digest(2), commit: sha(2), dryRun: false }, deps(fx.clients.grpc)).catch((e) => e);
    const before = (await fx.calls()).length;
    const result = await deploy({ target: target(), image: digest(3), commit: sha(3), dryRun: true }, deps(fx.clients.grpc));
    expect(result.plan.imageBefore).toBe(digest(1));
    expect(renderDeploySummary(result)).toContain(`| image before | <code>${digest(1)}</code> |`);
    expect((await fx.calls()).slice(before).map((c) => c.method.split("/")[1])).toEqual(["GetService"]);
  });

  it("reads the serving revision's image when the ledger does not know it", async () => {
    const created = await createService(fx.clients.grpc.services, "web", digest(7));
    const serving = shortName(created.latestReadyRevision);
    await updateService(fx.clients.grpc.services, NAME, (s) => ({ ...withImage(digest(8))(s), traffic: split([[serving, 100]]) }));
    const result = await deploy({ target: target(), image: digest(3), commit: sha(3), dryRun: true }, deps(fx.clients.grpc));
    expect(result.plan.imageBefore).toBe(digest(7));
  });
});
