import { describe, expect, it } from "vitest";
import { rpcFailure, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { createService, get, LATEST, plain, REVISION, shortName, split, updateService, withImage, withTraffic } from "../helpers/run.js";

const fx = useEmulator();

describe.each(TRANSPORTS)("traffic and revisions over %s", (transport) => {
  const run = () => fx.clients[transport].services;
  const revisions = () => fx.clients[transport].revisions;

  async function twoRevisions() {
    const v1 = await createService(run(), "web");
    const v2 = await updateService(run(), v1.name as string, withImage("img:2"));
    return { name: v1.name as string, first: shortName(v1.latestReadyRevision), second: shortName(v2.latestReadyRevision) };
  }

  it("scenario: update the image, split 90/10 with a tag, answer from the tag URL, restore, refuse deleting a serving revision", async () => {
    const { name, first, second } = await twoRevisions();
    const canary = await updateService(
      run(),
      name,
      withTraffic(
        split([
          [first, 90],
          [second, 10, "canary"],
        ]),
      ),
    );
    const statuses = plain(canary).trafficStatuses ?? [];
    expect(statuses.map((s) => [s.revision, s.percent, s.tag ?? ""])).toEqual([
      [first, 90, ""],
      [second, 10, "canary"],
    ]);
    const tagUri = statuses.find((s) => s.tag === "canary")?.uri as string;
    expect(tagUri).toMatch(/\/run\/demo-project\/asia-northeast3\/canary---web$/);
    expect(statuses.find((s) => !s.tag)?.uri ?? "").toBe("");
    const answer = JSON.parse((await get(tagUri)).text);
    expect(answer).toEqual({ service: "web", revision: second, image: "img:2" });
    const answers = await Promise.all(Array.from({ length: 100 }, async () => JSON.parse((await get(canary.uri as string)).text).revision));
    expect(answers.filter((r) => r === second)).toHaveLength(10);
    const restored = await updateService(run(), name, withTraffic(split([[first, 100]])));
    expect(plain(restored).trafficStatuses?.map((s) => [s.revision, s.percent])).toEqual([[first, 100]]);
    const refused = await rpcFailure(revisions().deleteRevision({ name: `${name}/revisions/${first}` }));
    expect(refused.code).toBe("FAILED_PRECONDITION");
  });

  it("rejects percents that do not sum to 100 or fall outside 0..100, naming the field", async () => {
    const { name, first, second } = await twoRevisions();
    for (const traffic of [
      split([
        [first, 50],
        [second, 40],
      ]),
      split([
        [first, 120],
        [second, -20],
      ]),
      split([
        [first, 100],
        [second, 1],
      ]),
    ]) {
      const failure = await rpcFailure(updateService(run(), name, withTraffic(traffic)));
      expect(failure.code).toBe("INVALID_ARGUMENT");
      expect(failure.message).toMatch(/traffic/);
    }
  });

  it("rejects tags that are not DNS-1035 labels or are not unique", async () => {
    const { name, first, second } = await twoRevisions();
    for (const tag of ["Canary", "1st", "has_underscore", "trailing-", "x".repeat(64)]) {
      const failure = await rpcFailure(updateService(run(), name, withTraffic(split([[first, 100, tag]]))));
      expect(failure.code).toBe("INVALID_ARGUMENT");
      expect(failure.message).toContain("traffic[0].tag");
    }
    const duplicate = await rpcFailure(
      updateService(
        run(),
        name,
        withTraffic(
          split([
            [first, 50, "same"],
            [second, 50, "same"],
          ]),
        ),
      ),
    );
    expect(duplicate.code).toBe("INVALID_ARGUMENT");
    expect(duplicate.message).toContain("traffic[1].tag");
  });

  it("fails the operation for a revision that does not exist, keeping traffic as it was", async () => {
    const { name, first } = await twoRevisions();
    const before = plain((await run().getService({ name }))[0]).trafficStatuses;
    const failure = await rpcFailure(
      updateService(
        run(),
        name,
        withTraffic(
          split([
            [first, 50],
            ["web-99999-zzz", 50],
          ]),
        ),
      ),
    );
    expect(failure.code).toBe("FAILED_PRECONDITION");
    expect(failure.message).toContain("Revision 'web-99999-zzz' does not exist or is deleted");
    expect(plain((await run().getService({ name }))[0]).trafficStatuses).toEqual(before);
  });

  it("treats an empty traffic list as 100% to LATEST", async () => {
    const { name, first, second } = await twoRevisions();
    await updateService(run(), name, withTraffic(split([[first, 100]])));
    const latest = plain(await updateService(run(), name, withTraffic([])));
    expect(latest.traffic).toEqual([expect.objectContaining({ type: LATEST, percent: 100 })]);
    expect(latest.traffic?.[0]?.revision ?? "").toBe("");
    expect(JSON.parse((await get(latest.uri as string)).text).revision).toBe(second);
  });

  it("serves a tag on LATEST with 0% at its own URL", async () => {
    const { name, first, second } = await twoRevisions();
    const svc = plain(
      await updateService(
        run(),
        name,
        withTraffic([
          { type: REVISION, revision: first, percent: 100 },
          { type: LATEST, percent: 0, tag: "next" },
        ]),
      ),
    );
    const uri = svc.trafficStatuses?.find((s) => s.tag === "next")?.uri as string;
    expect(JSON.parse((await get(uri)).text).revision).toBe(second);
    expect(JSON.parse((await get(svc.uri as string)).text).revision).toBe(first);
  });

  it("refuses to delete the latest, a tagged or the only revision; deletes an idle one", async () => {
    const v1 = await createService(run(), "web");
    const only = await rpcFailure(revisions().deleteRevision({ name: v1.latestReadyRevision }));
    expect(only.code).toBe("FAILED_PRECONDITION");
    const { first, second } = {
      first: shortName(v1.latestReadyRevision),
      second: shortName((await updateService(run(), v1.name as string, withImage("img:2"))).latestReadyRevision),
    };
    const v3 = await updateService(run(), v1.name as string, withImage("img:3"));
    const third = shortName(v3.latestReadyRevision);
    await updateService(
      run(),
      v1.name as string,
      withTraffic(
        split([
          [third, 100],
          [second, 0, "keep"],
        ]),
      ),
    );
    expect((await rpcFailure(revisions().deleteRevision({ name: `${v1.name}/revisions/${third}` }))).code).toBe("FAILED_PRECONDITION");
    expect((await rpcFailure(revisions().deleteRevision({ name: `${v1.name}/revisions/${second}` }))).code).toBe("FAILED_PRECONDITION");
    const [op] = await revisions().deleteRevision({ name: `${v1.name}/revisions/${first}` });
    const [deleted] = await op.promise();
    expect(shortName(deleted.name)).toBe(first);
    expect((await rpcFailure(revisions().getRevision({ name: `${v1.name}/revisions/${first}` }))).code).toBe("NOT_FOUND");
  });

  it("lists revisions newest first in pages and gets one with its conditions", async () => {
    const v1 = await createService(run(), "web");
    for (const image of ["img:2", "img:3"]) await updateService(run(), v1.name as string, withImage(image));
    const [page, , raw] = await revisions().listRevisions({ parent: v1.name, pageSize: 2 }, { autoPaginate: false });
    expect(page.map((r) => shortName(r.name).slice(0, 9))).toEqual(["web-00003", "web-00002"]);
    expect((raw as { nextPageToken?: string }).nextPageToken).toBeTruthy();
    const [revision] = await revisions().getRevision({ name: v1.latestReadyRevision });
    expect(revision.service).toBe(v1.name);
    expect(revision.containers?.[0]?.image).toBe("img:1");
    expect(revision.conditions?.find((c) => c.type === "Ready")?.state).toBe("CONDITION_SUCCEEDED");
    expect(revision.etag).toBeTruthy();
    expect((await rpcFailure(revisions().listRevisions({ parent: String(v1.name).replace("/web", "/nope") }))).code).toBe("NOT_FOUND");
  });
});
