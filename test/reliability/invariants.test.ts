// The invariants are only worth what they catch: each case below breaks one thing behind
// Runway's back (through the official clients, as a stray script or console edit would) and the
// generic invariant check must refuse the state, naming what is wrong.
import { describe, expect, it } from "vitest";
import { workspace } from "../helpers/commands.js";
import { digest } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { deployTo } from "./scenarios.js";

const fx = useEmulator();
const JOB = `${PARENT}/jobs/web-qa-clearsessions`;

/** qa with two releases: the second is live, its batch job on digest(2). */
async function qaWithTwoReleases() {
  const root = workspace();
  await deployTo(fx.clients.grpc, root, "qa", 1);
  await deployTo(fx.clients.grpc, root, "qa", 2);
  return root;
}

async function setBatchImage(name: string, image: string) {
  const [job] = await fx.clients.grpc.jobs.getJob({ name });
  const container = job.template?.template?.containers?.[0];
  if (!container) throw new Error(`${name} has no container`);
  container.image = image;
  const [op] = await fx.clients.grpc.jobs.updateJob({ job: { ...job, etag: undefined } });
  await op.promise();
}

describe("the generic invariants catch batch jobs off the live release", () => {
  it("hold after two clean deploys, the batch job on the live release's image", async () => {
    const root = await qaWithTwoReleases();
    await checkInvariants(fx, "qa", { root, rerun: () => deployTo(fx.clients.grpc, root, "qa", 2) });
  });

  it("fail when a batch job runs an earlier release's image", async () => {
    const root = await qaWithTwoReleases();
    await setBatchImage(JOB, digest(1));
    await expect(checkInvariants(fx, "qa", { root })).rejects.toThrow(
      /batch job web-qa-clearsessions runs .*sha256:000001.*, not the live release's image/,
    );
  });

  it("fail when a batch job of the live release is missing", async () => {
    const root = await qaWithTwoReleases();
    const [op] = await fx.clients.grpc.jobs.deleteJob({ name: JOB });
    await op.promise();
    await expect(checkInvariants(fx, "qa", { root })).rejects.toThrow(/batch job web-qa-clearsessions of the live release is missing/);
  });

  it("fail when another job labelled for the environment runs another image", async () => {
    const root = await qaWithTwoReleases();
    const [job] = await fx.clients.grpc.jobs.getJob({ name: JOB });
    const [op] = await fx.clients.grpc.jobs.createJob({
      parent: PARENT,
      jobId: "web-qa-stray",
      job: { labels: job.labels, template: job.template },
    });
    await op.promise();
    await setBatchImage(`${PARENT}/jobs/web-qa-stray`, digest(7));
    await expect(checkInvariants(fx, "qa", { root })).rejects.toThrow(/batch job web-qa-stray runs/);
  });
});
