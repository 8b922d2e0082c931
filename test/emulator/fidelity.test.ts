// Divergences from the real API found by outside clients (issue 16), each checked through the
// official clients over both transports. Sources are in docs/emulator-fidelity.md.
import { describe, expect, it } from "vitest";
import { PARENT, rpcFailure, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { createService, plain, type Service, shortName, updateService, withImage } from "../helpers/run.js";

const fx = useEmulator();

describe.each(TRANSPORTS)("issue 16 fidelity over %s", (transport) => {
  const clients = () => fx.clients[transport];

  async function runJob(jobId: string): Promise<string> {
    const [op] = await clients().jobs.createJob({
      parent: PARENT,
      jobId,
      job: { template: { template: { containers: [{ image: "img:job" }] } } },
    });
    const [job] = await op.promise();
    const [run] = await clients().jobs.runJob({ name: job.name });
    const [execution] = await run.promise();
    return String(execution.name);
  }

  describe("'-' as the wildcard parent", () => {
    it("lists the revisions of every service in the location with services/-", async () => {
      const web = await createService(clients().services, "web");
      await updateService(clients().services, String(web.name), withImage("img:2"));
      await createService(clients().services, "api");
      const [all] = await clients().revisions.listRevisions({ parent: `${PARENT}/services/-` });
      expect(all.map((r) => shortName(r.service)).sort()).toEqual(["api", "web", "web"]);
      const [one] = await clients().revisions.listRevisions({ parent: `${PARENT}/services/web` });
      expect(one).toHaveLength(2);
      const [elsewhere] = await clients().revisions.listRevisions({ parent: "projects/demo-project/locations/europe-west1/services/-" });
      expect(elsewhere).toEqual([]);
      expect((await rpcFailure(clients().revisions.listRevisions({ parent: `${PARENT}/services/nope` }))).code).toBe("NOT_FOUND");
    });

    it("lists the executions of every job in the location with jobs/-", async () => {
      const a = await runJob("alpha");
      const b = await runJob("beta");
      const [all] = await clients().executions.listExecutions({ parent: `${PARENT}/jobs/-` });
      expect(all.map((e) => e.name).sort()).toEqual([a, b].sort());
      const [one] = await clients().executions.listExecutions({ parent: `${PARENT}/jobs/alpha` });
      expect(one.map((e) => e.name)).toEqual([a]);
      expect((await rpcFailure(clients().executions.listExecutions({ parent: `${PARENT}/jobs/nope` }))).code).toBe("NOT_FOUND");
    });
  });

  describe("reconciling", () => {
    const terminal = (s: Service) => ({
      state: s.terminalCondition?.state,
      reason: s.terminalCondition?.reason,
      reconciling: s.reconciling,
    });
    const RECONCILING = { state: "CONDITION_RECONCILING", reason: "WAITING_FOR_OPERATION", reconciling: true };

    it("reports CONDITION_RECONCILING / WAITING_FOR_OPERATION while a create rolls out, Ready only once reconciling is false", async () => {
      await fx.control("/_emulator/images", { image: "slow:1", startupMs: 400 });
      const [op] = await clients().services.createService({
        parent: PARENT,
        serviceId: "web",
        service: { template: { containers: [{ image: "slow:1" }] } },
      });
      const [during] = await clients().services.getService({ name: `${PARENT}/services/web` });
      expect(terminal(during)).toEqual(RECONCILING);
      expect(during.terminalCondition?.type).toBe("Ready");
      expect(during.conditions?.map((c) => [c.type, c.state])).toEqual([
        ["ConfigurationsReady", "CONDITION_RECONCILING"],
        ["RoutesReady", "CONDITION_RECONCILING"],
      ]);
      expect(during.latestReadyRevision ?? "").toBe("");
      const [done] = await op.promise();
      expect(terminal(plain(done))).toMatchObject({ state: "CONDITION_SUCCEEDED", reconciling: false });
      const [after] = await clients().services.getService({ name: `${PARENT}/services/web` });
      expect(terminal(after)).toMatchObject({ state: "CONDITION_SUCCEEDED", reconciling: false });
      expect(after.latestReadyRevision).toBe(after.latestCreatedRevision);
    });

    it("reports CONDITION_RECONCILING while an update rolls out, then the outcome: SUCCEEDED or FAILED", async () => {
      const created = await createService(clients().services, "web");
      await fx.control("/_emulator/images", { image: "slow:2", startupMs: 400 });
      const [current] = await clients().services.getService({ name: created.name });
      const [op] = await clients().services.updateService({ service: withImage("slow:2")(current) });
      const [during] = await clients().services.getService({ name: created.name });
      expect(terminal(during)).toEqual(RECONCILING);
      expect(during.latestReadyRevision).toBe(created.latestReadyRevision);
      await op.promise();
      const [after] = await clients().services.getService({ name: created.name });
      expect(terminal(after)).toMatchObject({ state: "CONDITION_SUCCEEDED", reconciling: false });

      await fx.control("/_emulator/images", { image: "broken:1", startupMs: 200, exitCode: 1, command: ["node", "-e", "process.exit(1)"] });
      const [again] = await clients().services.getService({ name: created.name });
      const [failing] = await clients().services.updateService({ service: withImage("broken:1")(again) });
      expect(terminal((await clients().services.getService({ name: created.name }))[0])).toEqual(RECONCILING);
      await expect(failing.promise()).rejects.toThrow();
      const [failed] = await clients().services.getService({ name: created.name });
      expect(terminal(failed)).toMatchObject({ state: "CONDITION_FAILED", reconciling: false });
    });
  });

  describe("nested update masks", () => {
    it("template.scaling.max_instance_count changes only that field, not the whole template", async () => {
      const created = await createService(clients().services, "web", "img:1", {
        labels: { team: "web" },
        template: {
          containers: [{ image: "img:1", env: [{ name: "A", value: "1" }] }],
          scaling: { minInstanceCount: 1, maxInstanceCount: 5 },
          timeout: { seconds: 60 },
        },
      });
      const [op] = await clients().services.updateService({
        service: { name: created.name, template: { scaling: { maxInstanceCount: 3 } } },
        updateMask: { paths: ["template.scaling.max_instance_count"] },
      });
      const updated = plain((await op.promise())[0]);
      expect(updated.template?.scaling).toMatchObject({ minInstanceCount: 1, maxInstanceCount: 3 });
      expect(updated.template?.containers).toEqual([
        expect.objectContaining({ image: "img:1", env: [expect.objectContaining({ name: "A", value: "1" })] }),
      ]);
      expect(Number(updated.template?.timeout?.seconds)).toBe(60);
      expect(updated.labels).toEqual({ team: "web" });
      expect(shortName(updated.latestCreatedRevision)).toMatch(/^web-00002-/);
      const [revision] = await clients().revisions.getRevision({ name: updated.latestCreatedRevision });
      expect(revision.scaling).toMatchObject({ minInstanceCount: 1, maxInstanceCount: 3 });
      expect(revision.containers?.[0]?.image).toBe("img:1");
    });

    it("refuses a mask path that names no Service field", async () => {
      const created = await createService(clients().services, "web");
      for (const path of ["template.scaling.nope", "template.nope", "uid"]) {
        const failure = await rpcFailure(
          clients().services.updateService({ service: { name: created.name, template: {} }, updateMask: { paths: [path] } }),
        );
        expect(failure.code).toBe("INVALID_ARGUMENT");
        expect(failure.message).toContain("update_mask");
      }
    });
  });

  describe("page tokens and validate_only", () => {
    it("binds a page token to its parent: another parent is INVALID_ARGUMENT, another page size is fine", async () => {
      for (const id of ["a", "b", "c"]) await createService(clients().services, id);
      const [first, , response] = await clients().services.listServices({ parent: PARENT, pageSize: 2 }, { autoPaginate: false });
      expect(first).toHaveLength(2);
      const token = String(response?.nextPageToken);
      const [rest] = await clients().services.listServices({ parent: PARENT, pageSize: 5, pageToken: token }, { autoPaginate: false });
      expect(rest).toHaveLength(1);
      const other = await rpcFailure(
        clients().services.listServices(
          { parent: "projects/demo-project/locations/europe-west1", pageToken: token },
          { autoPaginate: false },
        ),
      );
      expect(other.code).toBe("INVALID_ARGUMENT");
      expect(other.message).toContain("page_token");
      // The same holds across collections: a services token is not a revisions token.
      const revisions = await rpcFailure(
        clients().revisions.listRevisions({ parent: `${PARENT}/services/a`, pageToken: token }, { autoPaginate: false }),
      );
      expect(revisions.code).toBe("INVALID_ARGUMENT");
    });

    it("binds a Scheduler page token to its parent too", async () => {
      for (const id of ["a", "b"]) {
        await clients().scheduler.createJob({
          parent: PARENT,
          job: { name: `${PARENT}/jobs/${id}`, schedule: "* * * * *", httpTarget: { uri: "https://example.com/" } },
        });
      }
      const [, , response] = await clients().scheduler.listJobs({ parent: PARENT, pageSize: 1 }, { autoPaginate: false });
      const failure = await rpcFailure(
        clients().scheduler.listJobs(
          { parent: "projects/other/locations/asia-northeast3", pageToken: String(response?.nextPageToken) },
          { autoPaginate: false },
        ),
      );
      expect(failure.code).toBe("INVALID_ARGUMENT");
    });

    it("answers a validate_only create with no uid, create_time, generation or etag", async () => {
      const [op] = await clients().services.createService({
        parent: PARENT,
        serviceId: "dry",
        validateOnly: true,
        service: { template: { containers: [{ image: "img:1" }] } },
      });
      const [service] = await op.promise();
      const dry = plain(service);
      expect(dry.name).toBe(`${PARENT}/services/dry`);
      expect(dry.uid ?? "").toBe("");
      expect(dry.createTime ?? null).toBeNull();
      expect(String(dry.generation ?? "0")).toBe("0");
      expect(dry.etag ?? "").toBe("");
      const [job] = await (
        await clients().jobs.createJob({
          parent: PARENT,
          jobId: "dry",
          validateOnly: true,
          job: { template: { template: { containers: [{ image: "img:1" }] } } },
        })
      )[0].promise();
      expect(job.name).toBe(`${PARENT}/jobs/dry`);
      expect(job.uid ?? "").toBe("");
      expect(job.createTime ?? null).toBeNull();
      expect(String(job.generation ?? "0")).toBe("0");
      expect(job.etag ?? "").toBe("");
      expect((await rpcFailure(clients().services.getService({ name: `${PARENT}/services/dry` }))).code).toBe("NOT_FOUND");
    });
  });
});
