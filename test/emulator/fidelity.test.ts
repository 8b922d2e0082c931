// Divergences from the real API found by outside clients (issue 16), each checked through the
// official clients over both transports. Sources are in docs/emulator-fidelity.md.
import { describe, expect, it } from "vitest";
import { PARENT, rpcFailure, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { createService, shortName, updateService, withImage } from "../helpers/run.js";

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
});
