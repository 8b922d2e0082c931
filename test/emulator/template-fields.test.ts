// Every field a caller can set on a Service (and its RevisionTemplate) or a Job survives the
// emulator, and the revision reports its template's fields; invalid templates are refused as
// Cloud Run refuses them. The fields come from the proto descriptors (proto-fill.ts), not a list.
import { protos } from "@google-cloud/run";
import { describe, expect, it } from "vitest";
import { PARENT, rpcFailure, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { everyJobField, everyServiceField, names, normal, oneofMembers } from "../helpers/every-field.js";
import { type Filled, fillMessage, protoType } from "../helpers/proto-fill.js";

const fx = useEmulator();
const v2 = protos.google.cloud.run.v2;

describe.each(TRANSPORTS)("every template field over %s", (transport) => {
  const clients = () => fx.clients[transport];

  it("fills every field the descriptors list (the generator's own check)", () => {
    const service = everyServiceField("web");
    const template = service.template as Filled;
    expect(Object.keys(service).sort()).toEqual(names("Service").filter((f) => f !== "etag"));
    expect(Object.keys(template).sort()).toEqual(names("RevisionTemplate"));
    expect(Object.keys((template.containers as Filled[])[0] as Filled).sort()).toEqual(names("Container"));
    expect((template.volumes as Filled[]).map((v) => Object.keys(v).find((k) => k !== "name"))).toEqual(
      oneofMembers("Volume", "volumeType"),
    );
  });

  it("keeps every settable Service field and every RevisionTemplate field, and copies the template onto the revision", async () => {
    const sent = everyServiceField("web");
    const [op] = await clients().services.createService({ parent: PARENT, serviceId: "web", service: sent });
    const [created] = await op.promise();
    const [read] = await clients().services.getService({ name: created.name as string });
    const expected = normal(v2.Service, sent);
    const got = normal(v2.Service, read);
    for (const field of Object.keys(expected)) expect(got[field], field).toEqual(expected[field]);

    const [revision] = await clients().revisions.getRevision({ name: read.latestCreatedRevision as string });
    const onRevision = normal(v2.Revision, revision);
    const template = expected.template as Filled;
    const shared = Object.keys(protoType("Revision").fields).filter((f) => f !== "revision" && f in protoType("RevisionTemplate").fields);
    expect(shared).toEqual(
      expect.arrayContaining(["containers", "volumes", "vpcAccess", "encryptionKeyRevocationAction", "gpuZonalRedundancyDisabled"]),
    );
    for (const field of shared) expect(onRevision[field], field).toEqual(template[field]);
  });

  it("ignores the output-only fields a caller sends, at any depth, as the API does", async () => {
    const container = { image: "img:1", buildInfo: fillMessage("BuildInfo", { outputOnly: true }) };
    const service = {
      template: { containers: [container] },
      buildConfig: { name: "projects/p/locations/l/builds/b", imageUri: "img" },
      uri: "https://x",
    };
    const [op] = await clients().services.createService({ parent: PARENT, serviceId: "web", service });
    const [created] = await op.promise();
    const got = normal(v2.Service, (await clients().services.getService({ name: created.name as string }))[0]);
    expect([(got.template as Template).containers[0]?.buildInfo, got.buildConfig, got.uri]).toEqual([
      undefined,
      { imageUri: "img" },
      created.uri,
    ]);
  });

  it("keeps every settable Job field and its execution and task template", async () => {
    const sent = everyJobField();
    const [op] = await clients().jobs.createJob({ parent: PARENT, jobId: "migrate", job: sent });
    const [created] = await op.promise();
    const [read] = await clients().jobs.getJob({ name: created.name as string });
    const expected = normal(v2.Job, sent);
    const got = normal(v2.Job, read);
    for (const field of Object.keys(expected)) expect(got[field], field).toEqual(expected[field]);
  });
});

type Template = Filled & { containers: Filled[] };
const base = (): Template => ({ containers: [{ image: "img:1" }] });
const two = (first: Filled, second: Filled): Template => ({
  containers: [
    { image: "img:1", ...first },
    { image: "img:2", ...second },
  ],
});
const withVolume = (volume: Filled, ...mounts: Filled[]): Template => ({
  volumes: [volume],
  containers: [{ image: "img:1", volumeMounts: mounts }],
});
const probe = (kind: string, value: Filled): Template => ({ containers: [{ image: "img:1", [kind]: value }] });
const sql = (instances: string[]) => ({ name: "db", cloudSqlInstance: { instances } });

/** [what is wrong, the template, the field the error names]. */
const INVALID: [string, Template, string][] = [
  [
    "more than 10 containers",
    {
      containers: Array.from({ length: 11 }, (_, i) => ({
        name: `c${i}`,
        image: "img:1",
        ...(i ? {} : { ports: [{ containerPort: 8080 }] }),
      })),
    },
    "service.template.containers",
  ],
  [
    "a container name used twice",
    two({ name: "a", ports: [{ containerPort: 8080 }] }, { name: "a" }),
    "service.template.containers[1].name",
  ],
  [
    "two ports on one container",
    { containers: [{ image: "img:1", ports: [{ containerPort: 8080 }, { containerPort: 9090 }] }] },
    "service.template.containers[0].ports",
  ],
  ["sidecars and no container with a port", two({ name: "a" }, { name: "b" }), "service.template.containers"],
  [
    "sidecars and two containers with a port",
    two({ name: "a", ports: [{ containerPort: 8080 }] }, { name: "b", ports: [{ containerPort: 9090 }] }),
    "service.template.containers",
  ],
  [
    "a port out of range",
    { containers: [{ image: "img:1", ports: [{ containerPort: 70000 }] }] },
    "service.template.containers[0].ports[0].containerPort",
  ],
  [
    "a port name other than http1 or h2c",
    { containers: [{ image: "img:1", ports: [{ name: "http2", containerPort: 8080 }] }] },
    "service.template.containers[0].ports[0].name",
  ],
  [
    "a container that depends on itself",
    two({ name: "a", ports: [{ containerPort: 8080 }], dependsOn: ["a"] }, { name: "b" }),
    "service.template.containers[0].dependsOn[0]",
  ],
  [
    "a dependency on an unknown container",
    two({ name: "a", ports: [{ containerPort: 8080 }], dependsOn: ["c"] }, { name: "b" }),
    "service.template.containers[0].dependsOn[0]",
  ],
  [
    "a volume name used twice",
    {
      volumes: [
        { name: "v", emptyDir: { sizeLimit: "1Mi" } },
        { name: "v", emptyDir: { sizeLimit: "1Mi" } },
      ],
      containers: [{ image: "img:1" }],
    },
    "service.template.volumes[1].name",
  ],
  [
    "a volume name that is not a DNS label",
    withVolume({ name: "Bad_Name", emptyDir: { sizeLimit: "1Mi" } }),
    "service.template.volumes[0].name",
  ],
  ["a volume without a source", withVolume({ name: "v" }), "service.template.volumes[0]"],
  [
    "a volume with two sources",
    withVolume({ name: "v", emptyDir: { sizeLimit: "1Mi" }, secret: { secret: "s" } }),
    "service.template.volumes[0]",
  ],
  [
    "a Cloud SQL instance that is not project:region:instance",
    withVolume(sql(["just-a-name"])),
    "service.template.volumes[0].cloudSqlInstance.instances",
  ],
  ["a Cloud SQL instance ending in '-'", withVolume(sql(["p:r:db-"])), "service.template.volumes[0].cloudSqlInstance.instances"],
  [
    "a mount naming no volume",
    withVolume({ name: "v", emptyDir: { sizeLimit: "1Mi" } }, { name: "w", mountPath: "/w" }),
    "service.template.containers[0].volumeMounts[0].name",
  ],
  [
    "a relative mount path",
    withVolume({ name: "v", emptyDir: { sizeLimit: "1Mi" } }, { name: "v", mountPath: "data" }),
    "service.template.containers[0].volumeMounts[0].mountPath",
  ],
  [
    "two mounts at one path",
    withVolume({ name: "v", emptyDir: { sizeLimit: "1Mi" } }, { name: "v", mountPath: "/d" }, { name: "v", mountPath: "/d" }),
    "service.template.containers[0].volumeMounts[1].mountPath",
  ],
  [
    "a Cloud SQL mount elsewhere than /cloudsql",
    withVolume(sql(["p:r:db"]), { name: "db", mountPath: "/sql" }),
    "service.template.containers[0].volumeMounts[0].mountPath",
  ],
  [
    "a connector and a network interface",
    { ...base(), vpcAccess: { connector: "projects/p/locations/l/connectors/c", networkInterfaces: [{ network: "n" }] } },
    "service.template.vpcAccess",
  ],
  [
    "two network interfaces",
    { ...base(), vpcAccess: { networkInterfaces: [{ network: "n" }, { network: "m" }] } },
    "service.template.vpcAccess.networkInterfaces",
  ],
  [
    "a network interface without network or subnetwork",
    { ...base(), vpcAccess: { networkInterfaces: [{ tags: ["t"] }] } },
    "service.template.vpcAccess.networkInterfaces[0]",
  ],
  [
    "an egress value the API does not define",
    { ...base(), vpcAccess: { connector: "projects/p/locations/l/connectors/c", egress: 7 } },
    "vpcAccess.egress",
  ],
  ["an execution environment the API does not define", { ...base(), executionEnvironment: 9 }, "executionEnvironment"],
  [
    "a probe with two probe types",
    probe("startupProbe", { tcpSocket: { port: 8080 }, httpGet: { path: "/" } }),
    "service.template.containers[0].startupProbe",
  ],
  ["a TCP liveness probe", probe("livenessProbe", { tcpSocket: { port: 8080 } }), "service.template.containers[0].livenessProbe.tcpSocket"],
  [
    "a startup probe period over 240 s",
    probe("startupProbe", { periodSeconds: 241, tcpSocket: {} }),
    "service.template.containers[0].startupProbe.periodSeconds",
  ],
  [
    "a liveness initial delay over 3600 s",
    probe("livenessProbe", { initialDelaySeconds: 3601, httpGet: {} }),
    "service.template.containers[0].livenessProbe.initialDelaySeconds",
  ],
  [
    "a probe timeout longer than its period",
    probe("livenessProbe", { timeoutSeconds: 20, periodSeconds: 10, httpGet: {} }),
    "service.template.containers[0].livenessProbe.timeoutSeconds",
  ],
  [
    "a negative failure threshold",
    probe("startupProbe", { failureThreshold: -1, tcpSocket: {} }),
    "service.template.containers[0].startupProbe.failureThreshold",
  ],
  ["a request timeout over 3600 s", { ...base(), timeout: { seconds: 3601 } }, "service.template.timeout"],
  ["a concurrency over 1000", { ...base(), maxInstanceRequestConcurrency: 1001 }, "service.template.maxInstanceRequestConcurrency"],
  [
    "revision scaling with min above max",
    { ...base(), scaling: { minInstanceCount: 5, maxInstanceCount: 2 } },
    "service.template.scaling.minInstanceCount",
  ],
];

describe.each(TRANSPORTS)("invalid templates over %s", (transport) => {
  const services = () => fx.clients[transport].services;

  /** Nothing was stored: every mutating call failed, and there is no service to list. */
  async function expectNoMutation(): Promise<void> {
    const mutations = (await fx.calls()).filter((c) => c.mutating && c.code === "OK");
    expect(mutations).toEqual([]);
    const [listed] = await services().listServices({ parent: PARENT });
    expect(listed).toEqual([]);
  }

  it.each(INVALID)("refuses %s with INVALID_ARGUMENT naming the field", async (_, template, field) => {
    const failure = await rpcFailure(services().createService({ parent: PARENT, serviceId: "web", service: { template } as never }));
    expect(failure.code).toBe("INVALID_ARGUMENT");
    expect(failure.message).toContain(field);
    await expectNoMutation();
  });

  it("refuses service scaling with min above max", async () => {
    const service = { template: base(), scaling: { minInstanceCount: 5, maxInstanceCount: 2 } };
    const failure = await rpcFailure(services().createService({ parent: PARENT, serviceId: "web", service: service as never }));
    expect([failure.code, failure.message]).toEqual(["INVALID_ARGUMENT", expect.stringContaining("service.scaling.minInstanceCount")]);
    await expectNoMutation();
  });

  it("refuses an invalid template on update and keeps the service as it was", async () => {
    const [op] = await services().createService({ parent: PARENT, serviceId: "web", service: { template: base() } });
    const [created] = await op.promise();
    const broken = { ...created, template: withVolume({ name: "v", emptyDir: {} }, { name: "nope", mountPath: "/n" }) };
    const failure = await rpcFailure(services().updateService({ service: broken as never }));
    expect([failure.code, failure.message]).toEqual([
      "INVALID_ARGUMENT",
      expect.stringContaining("service.template.containers[0].volumeMounts[0].name"),
    ]);
    const [after] = await services().getService({ name: created.name as string });
    expect([String(after.generation), after.latestCreatedRevision]).toEqual(["1", created.latestCreatedRevision]);
  });

  it("checks a job's task template with the same rules", async () => {
    const job = { template: { template: withVolume(sql(["not-an-instance"]), { name: "db", mountPath: "/cloudsql" }) } };
    const failure = await rpcFailure(fx.clients[transport].jobs.createJob({ parent: PARENT, jobId: "migrate", job: job as never }));
    expect([failure.code, failure.message]).toEqual([
      "INVALID_ARGUMENT",
      expect.stringContaining("job.template.template.volumes[0].cloudSqlInstance.instances"),
    ]);
    expect((await fx.calls()).filter((c) => c.mutating && c.code === "OK")).toEqual([]);
  });
});
