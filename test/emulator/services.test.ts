import { describe, expect, it } from "vitest";
import { PARENT, rpcFailure, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { createService, LATEST, plain, shortName, updateService, withImage } from "../helpers/run.js";

const fx = useEmulator();

describe.each(TRANSPORTS)("Cloud Run services over %s", (transport) => {
  const run = () => fx.clients[transport].services;

  it("creates a service whose operation packs the Service as response and metadata", async () => {
    const [op] = await run().createService({
      parent: PARENT,
      serviceId: "web",
      service: { template: { containers: [{ image: "img:1" }] } },
    });
    expect(op.name).toMatch(/^projects\/demo-project\/locations\/asia-northeast3\/operations\/[0-9a-f-]{36}$/);
    const [result, metadata] = await op.promise();
    const service = plain(result);
    expect(service.name).toBe(`${PARENT}/services/web`);
    expect((metadata as { name?: string }).name).toBe(`${PARENT}/services/web`);
    expect(String(service.generation)).toBe("1");
    expect(String(service.observedGeneration)).toBe("1");
    expect(service.latestReadyRevision).toBe(service.latestCreatedRevision);
    expect(shortName(service.latestReadyRevision)).toMatch(/^web-00001-[a-z0-9]{3}$/);
    expect(service.terminalCondition?.type).toBe("Ready");
    expect(service.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    expect(service.traffic).toEqual([expect.objectContaining({ type: LATEST, percent: 100 })]);
    expect(service.trafficStatuses).toEqual([expect.objectContaining({ type: LATEST, percent: 100 })]);
    expect(service.uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/run\/demo-project\/asia-northeast3\/web$/);
    expect(service.urls).toEqual([service.uri]);
    expect(service.etag).toMatch(/^".+"$/);
  });

  it("can get the operation again, and the client can check its progress", async () => {
    const [op] = await run().createService({
      parent: PARENT,
      serviceId: "web",
      service: { template: { containers: [{ image: "img:1" }] } },
    });
    const checked = await run().checkCreateServiceProgress(op.name as string);
    expect(checked.done).toBe(true);
    const [listed] = (await run().operationsClient.listOperations({ name: PARENT } as never)) as unknown as [{ name: string }[]];
    expect(listed.map((o) => o.name)).toContain(op.name);
  });

  it("refuses a duplicate service id with ALREADY_EXISTS", async () => {
    await createService(run(), "web");
    const failure = await rpcFailure(createService(run(), "web"));
    expect(failure.code).toBe("ALREADY_EXISTS");
  });

  it("returns NOT_FOUND for a missing service", async () => {
    expect((await rpcFailure(run().getService({ name: `${PARENT}/services/nope` }))).code).toBe("NOT_FOUND");
  });

  it("keeps generation and observed_generation, bumping on each update", async () => {
    const created = await createService(run(), "web");
    const updated = await updateService(run(), created.name as string, withImage("img:2"));
    expect(String(updated.generation)).toBe("2");
    expect(String(updated.observedGeneration)).toBe("2");
    const traffic = await updateService(run(), created.name as string, (s) => ({ ...s, labels: { team: "web" } }));
    expect(String(traffic.generation)).toBe("3");
    expect(String(traffic.observedGeneration)).toBe("3");
  });

  it("creates a revision on every template change and none when the template is unchanged", async () => {
    const created = await createService(run(), "web");
    const v2 = await updateService(run(), created.name as string, withImage("img:2"));
    expect(shortName(v2.latestCreatedRevision)).toMatch(/^web-00002-[a-z0-9]{3}$/);
    const same = await updateService(run(), created.name as string, (s) => ({ ...s, labels: { a: "b" } }));
    expect(same.latestCreatedRevision).toBe(v2.latestCreatedRevision);
    const [revisions] = await fx.clients[transport].revisions.listRevisions({ parent: created.name });
    expect(revisions).toHaveLength(2);
  });

  it("uses template.revision as the name, accepts it again unchanged, refuses it with another template", async () => {
    const created = await createService(run(), "web", "img:1", {
      template: { revision: "web-release-1", containers: [{ image: "img:1" }] },
    });
    expect(shortName(created.latestReadyRevision)).toBe("web-release-1");
    const again = await updateService(run(), created.name as string, (s) => s);
    expect(again.latestCreatedRevision).toBe(created.latestCreatedRevision);
    const conflict = await rpcFailure(
      updateService(run(), created.name as string, (s) => ({
        ...s,
        template: { ...s.template, revision: "web-release-1", containers: [{ image: "img:2" }] },
      })),
    );
    expect(conflict.code).toBe("ALREADY_EXISTS");
    expect(conflict.message).toContain("Revision named 'web-release-1' with different configuration already exists");
    const prefix = await rpcFailure(
      updateService(run(), created.name as string, (s) => ({ ...s, template: { ...s.template, revision: "other-1" } })),
    );
    expect(prefix.code).toBe("INVALID_ARGUMENT");
    expect(prefix.message).toContain("service.template.revision");
  });

  it("gives ABORTED on an etag mismatch and accepts a request without an etag", async () => {
    const created = await createService(run(), "web");
    const stale = await rpcFailure(run().updateService({ service: { ...created, etag: '"stale"', labels: { x: "y" } } }));
    expect(stale.code).toBe("ABORTED");
    const [op] = await run().updateService({ service: { ...created, etag: "", labels: { x: "y" } } });
    const [updated] = await op.promise();
    expect(updated.labels).toEqual({ x: "y" });
    expect((await rpcFailure(run().deleteService({ name: created.name, etag: '"stale"' }))).code).toBe("ABORTED");
  });

  it("honours validate_only on create, update and delete: nothing changes", async () => {
    const [op] = await run().createService({
      parent: PARENT,
      serviceId: "dry",
      validateOnly: true,
      service: { template: { containers: [{ image: "img:1" }] } },
    });
    const [would] = await op.promise();
    expect(would.name).toBe(`${PARENT}/services/dry`);
    expect((await rpcFailure(run().getService({ name: `${PARENT}/services/dry` }))).code).toBe("NOT_FOUND");
    const created = await createService(run(), "web");
    const [upd] = await run().updateService({ validateOnly: true, service: withImage("img:9")(created) });
    await upd.promise();
    const [del] = await run().deleteService({ name: created.name, validateOnly: true });
    await del.promise();
    const [after] = await run().getService({ name: created.name });
    expect(after.latestCreatedRevision).toBe(created.latestCreatedRevision);
    const calls = await fx.calls();
    expect(calls.filter((c) => c.mutating).map((c) => c.method)).toEqual(["google.cloud.run.v2.Services/CreateService"]);
  });

  it("creates a missing service on update only with allow_missing", async () => {
    const service = { name: `${PARENT}/services/lazy`, template: { containers: [{ image: "img:1" }] } };
    expect((await rpcFailure(run().updateService({ service }))).code).toBe("NOT_FOUND");
    const [op] = await run().updateService({ service, allowMissing: true });
    const [created] = await op.promise();
    expect(created.name).toBe(service.name);
  });

  it("rejects label and annotation keys in reserved namespaces, naming the field", async () => {
    const annotation = await rpcFailure(createService(run(), "web", "img:1", { annotations: { "run.googleapis.com/ingress": "all" } }));
    expect(annotation.code).toBe("INVALID_ARGUMENT");
    expect(annotation.message).toContain("service.annotations[run.googleapis.com/ingress]");
    for (const key of ["serving.knative.dev/x", "autoscaling.knative.dev/maxScale", "cloud.googleapis.com/location"]) {
      const failure = await rpcFailure(
        createService(run(), "web", "img:1", { template: { annotations: { [key]: "1" }, containers: [{ image: "i" }] } }),
      );
      expect(failure.code).toBe("INVALID_ARGUMENT");
      expect(failure.message).toContain("service.template.annotations");
    }
    const label = await rpcFailure(createService(run(), "web", "img:1", { labels: { "Bad Key": "v" } }));
    expect(label.code).toBe("INVALID_ARGUMENT");
    expect(label.message).toContain("service.labels");
    expect((await fx.calls()).every((c) => c.code !== "OK" || !c.mutating)).toBe(true);
  });

  it("rejects a bad service id and a missing image, naming the field", async () => {
    for (const id of ["Web", "1web", "web-", "a".repeat(50)]) {
      const failure = await rpcFailure(createService(run(), id));
      expect(failure.code).toBe("INVALID_ARGUMENT");
      expect(failure.message).toContain("service_id");
    }
    const image = await rpcFailure(run().createService({ parent: PARENT, serviceId: "web", service: { template: { containers: [{}] } } }));
    expect(image.code).toBe("INVALID_ARGUMENT");
    expect(image.message).toContain("service.template.containers[0].image");
  });

  it("applies an update mask and rejects unknown or output-only paths", async () => {
    const created = await createService(run(), "web", "img:1", { labels: { keep: "me" } });
    const [op] = await run().updateService({
      service: { name: created.name, description: "masked", labels: {} },
      updateMask: { paths: ["description"] },
    });
    const [updated] = await op.promise();
    expect(updated.description).toBe("masked");
    expect(updated.labels).toEqual({ keep: "me" });
    const bad = await rpcFailure(run().updateService({ service: { name: created.name }, updateMask: { paths: ["uri"] } }));
    expect(bad.code).toBe("INVALID_ARGUMENT");
    expect(bad.message).toContain("update_mask");
  });

  it("lists services newest first, in pages, and rejects a bad page token", async () => {
    for (const id of ["a", "b", "c", "d", "e"]) await createService(run(), id);
    const [page1, next1, raw1] = await run().listServices({ parent: PARENT, pageSize: 2 }, { autoPaginate: false });
    expect(page1.map((s) => shortName(s.name))).toEqual(["e", "d"]);
    const [page2] = await run().listServices(
      { parent: PARENT, pageSize: 2, pageToken: (raw1 as { nextPageToken: string }).nextPageToken },
      { autoPaginate: false },
    );
    expect(page2.map((s) => shortName(s.name))).toEqual(["c", "b"]);
    expect(next1).toBeTruthy();
    const [all] = await run().listServices({ parent: PARENT });
    expect(all).toHaveLength(5);
    expect((await rpcFailure(run().listServices({ parent: PARENT, pageToken: "garbage!" }, { autoPaginate: false }))).code).toBe(
      "INVALID_ARGUMENT",
    );
  });

  it("deletes a service and its revisions", async () => {
    const created = await createService(run(), "web");
    const [op] = await run().deleteService({ name: created.name });
    const [deleted] = await op.promise();
    expect(deleted.name).toBe(created.name);
    expect((await rpcFailure(run().getService({ name: created.name }))).code).toBe("NOT_FOUND");
    expect((await rpcFailure(fx.clients[transport].revisions.getRevision({ name: created.latestCreatedRevision }))).code).toBe("NOT_FOUND");
  });

  it("keeps the last serving state when a new revision never becomes Ready", async () => {
    await fx.control("/_emulator/images", { image: "broken:1", ready: false });
    const created = await createService(run(), "web");
    const failure = await rpcFailure(updateService(run(), created.name as string, withImage("broken:1")));
    expect(failure.code).toBe("FAILED_PRECONDITION");
    expect(failure.message).toMatch(/Revision 'web-00002-[a-z0-9]{3}' is not ready and cannot serve traffic/);
    const [after] = await run().getService({ name: created.name });
    expect(after.latestReadyRevision).toBe(created.latestReadyRevision);
    expect(shortName(after.latestCreatedRevision)).toMatch(/^web-00002-/);
    expect(plain(after).trafficStatuses).toEqual(plain(created).trafficStatuses);
    expect(after.terminalCondition?.state).toBe("CONDITION_FAILED");
    expect(String(after.observedGeneration)).toBe("1");
    const [revision] = await fx.clients[transport].revisions.getRevision({ name: after.latestCreatedRevision });
    expect(revision.conditions?.[0]).toEqual(expect.objectContaining({ type: "Ready", state: "CONDITION_FAILED" }));
  });
});
