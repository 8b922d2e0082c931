// A short scenario on the embedded emulator: create, canary with a tag, restore, and the
// refusal that protects a serving revision. The full release story grows from this.
import { startEmulator } from "../emulator/index.js";
import { createClients } from "../gcp/clients.js";
import { rpcCode, rpcMessage } from "../gcp/errors.js";
import { Timeline } from "./timeline.js";

const PARENT = "projects/demo-project/locations/asia-northeast3";
const IMAGE = "asia-northeast3-docker.pkg.dev/demo-project/app/web@sha256:";

async function body(url: string): Promise<string> {
  return (await fetch(url)).text();
}

export async function emulatorTour(): Promise<number> {
  const emulator = await startEmulator();
  const clients = createClients({ emulatorHost: emulator.grpc });
  const timeline = new Timeline();
  process.stdout.write(`Runway emulator: gRPC ${emulator.grpc}, HTTP ${emulator.http}\n\n`);
  try {
    const run = clients.services;
    const v1 = await timeline.step("create service web (image v1)", async () => {
      const [op] = await run.createService({ parent: PARENT, serviceId: "web", service: { template: { containers: [{ image: `${IMAGE}${"1".repeat(64)}` }] } } });
      return (await op.promise())[0];
    }, (s) => `revision ${s.latestReadyRevision?.split("/").pop()}, 100% LATEST`);
    const first = v1.latestReadyRevision?.split("/").pop() as string;
    const v2 = await timeline.step("deploy v2 with no traffic, tagged canary", async () => {
      const [op] = await run.updateService({
        service: {
          ...v1,
          template: { ...v1.template, containers: [{ image: `${IMAGE}${"2".repeat(64)}` }] },
          traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: first, percent: 100 }, { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 0, tag: "canary" }],
        },
      });
      return (await op.promise())[0];
    }, (s) => `revision ${s.latestReadyRevision?.split("/").pop()} at ${s.trafficStatuses?.find((t) => t.tag === "canary")?.uri}`);
    const second = v2.latestReadyRevision?.split("/").pop() as string;
    const split = await timeline.step("split traffic 90/10", async () => {
      const [op] = await run.updateService({
        service: { ...v2, traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: first, percent: 90 }, { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: second, percent: 10, tag: "canary" }] },
      });
      return (await op.promise())[0];
    }, (s) => (s.trafficStatuses ?? []).map((t) => `${t.revision}=${t.percent}%`).join(", "));
    await timeline.step("20 requests on the service URL", async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, () => body(split.uri as string)));
      return answers.filter((a) => a.includes(second)).length;
    }, (canary) => `${canary} of 20 answered by the canary`);
    await timeline.step("delete the serving revision (must be refused)", async () => {
      try {
        await run.getService({ name: split.name });
        const revisions = clients.revisions;
        const [op] = await revisions.deleteRevision({ name: `${split.name}/revisions/${first}` });
        await op.promise();
        return "deleted (unexpected)";
      } catch (error) {
        return `${rpcCode(error)}: ${rpcMessage(error)}`;
      }
    }, (outcome) => outcome);
    await timeline.step("restore 100% to the first revision", async () => {
      const [current] = await run.getService({ name: split.name });
      const [op] = await run.updateService({ service: { ...current, traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: first, percent: 100 }] } });
      return (await op.promise())[0];
    }, (s) => (s.trafficStatuses ?? []).map((t) => `${t.revision}=${t.percent}%`).join(", "));
    const calls = emulator.registry.calls;
    process.stdout.write(`\n${calls.length} API calls, ${calls.filter((c) => c.mutating).length} of them writes, in ${timeline.total()} ms.\n`);
    return 0;
  } finally {
    await clients.close();
    await emulator.stop();
  }
}
