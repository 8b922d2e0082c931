// Divergences from the real API found by outside clients (issue 16), each checked through the
// official clients over both transports. Sources are in docs/emulator-fidelity.md.
import { describe, expect, it } from "vitest";
import { PARENT, rpcFailure, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { createService, plain, type Service, shortName, updateService, withImage } from "../helpers/run.js";

const fx = useEmulator();

describe.each(TRANSPORTS)("issue 16 fidelity over %s", (transport) => {
  const clients = () => fx.clients[transport];

  async function runJob(jobId: string): Promise<string> {
    const [op] = await clients().jobs.createJob({ parent: PARENT, jobId, job: { template: { template: { containers: [{ image: "img:job" }] } } } });
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
    const terminal = (s: Service) => ({ state: s.terminalCondition?.state, reason: s.terminalCondition?.reason, reconciling: s.reconciling });
    const RECONCILING = { state: "CONDITION_RECONCILING", reason: "WAITING_FOR_OPERATION", reconciling: true };

    it("reports CONDITION_RECONCILING / WAITING_FOR_OPERATION while a create rolls out, Ready only once reconciling is false", async () => {
      await fx.control("/_emulator/images", { image: "slow:1", startupMs: 400 });
      const [op] = await clients().services.createService({ parent: PARENT, serviceId: "web", service: { template: { containers: [{ image: "slow:1" }] } } });
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
});
