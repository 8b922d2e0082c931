// Conformance: the official Node clients (@google-cloud/run v2, @google-cloud/scheduler v1,
// @google-cloud/monitoring v3's MetricServiceClient, and the google-gax Operations client they carry) drive the emulator over gRPC and over REST (the clients'
// `fallback: true` mode), calling every method through the public API a user calls: the plain
// method, the `*Async` iterator and `*Stream` of list methods, `check*Progress` of long-running
// ones, and the optional request fields each method documents. The methods come from the service
// descriptors of the protos the clients ship; the last test fails when a method of a served service
// was not exercised on both transports, or when a served method is missing from the emulator.
// Sources for the behaviour checked here are in docs/emulator-fidelity.md.
import { createRequire } from "node:module";
import { MetricServiceClient } from "@google-cloud/monitoring/build/src/v3/metric_service_client.js";
import { BuildsClient } from "@google-cloud/run/build/src/v2/builds_client.js";
import { ExecutionsClient } from "@google-cloud/run/build/src/v2/executions_client.js";
import { InstancesClient } from "@google-cloud/run/build/src/v2/instances_client.js";
import { JobsClient } from "@google-cloud/run/build/src/v2/jobs_client.js";
import { RevisionsClient } from "@google-cloud/run/build/src/v2/revisions_client.js";
import { ServicesClient } from "@google-cloud/run/build/src/v2/services_client.js";
import { TasksClient } from "@google-cloud/run/build/src/v2/tasks_client.js";
import { WorkerPoolsClient } from "@google-cloud/run/build/src/v2/worker_pools_client.js";
import type { protos as runProtos } from "@google-cloud/run";
import type { protos as schedulerProtos } from "@google-cloud/scheduler";
import { CloudSchedulerClient } from "@google-cloud/scheduler/build/src/v1/cloud_scheduler_client.js";
import { grpc } from "google-gax";
import protobuf from "protobufjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { emulatorOptions, type Transport } from "../../src/gcp/clients.js";
import { PARENT, rpcFailure, TRANSPORTS, useEmulator } from "../helpers/emulator.js";

type Service = runProtos.google.cloud.run.v2.IService;
type SchedulerJob = schedulerProtos.google.cloud.scheduler.v1.IJob;

const require = createRequire(import.meta.url);
const RUN_PROTOS = protobuf.Root.fromJSON(require("@google-cloud/run/build/protos/protos.json"));
const SCHEDULER_PROTOS = protobuf.Root.fromJSON(require("@google-cloud/scheduler/build/protos/protos.json"));
const MONITORING_PROTOS = protobuf.Root.fromJSON(require("@google-cloud/monitoring/build/protos/protos.json"));

interface Client {
  descriptors: { page: Record<string, unknown>; longrunning: Record<string, unknown> };
  close(): Promise<void>;
}
type ClientClass = new (options: ReturnType<typeof emulatorOptions>) => Client;

/** The services the emulator serves, with the official client class that calls each one. */
const SERVED: Record<string, { root: protobuf.Root; client?: ClientClass }> = {
  "google.cloud.run.v2.Services": { root: RUN_PROTOS, client: ServicesClient as unknown as ClientClass },
  "google.cloud.run.v2.Revisions": { root: RUN_PROTOS, client: RevisionsClient as unknown as ClientClass },
  "google.cloud.run.v2.Jobs": { root: RUN_PROTOS, client: JobsClient as unknown as ClientClass },
  "google.cloud.run.v2.Executions": { root: RUN_PROTOS, client: ExecutionsClient as unknown as ClientClass },
  "google.cloud.run.v2.Tasks": { root: RUN_PROTOS, client: TasksClient as unknown as ClientClass },
  "google.cloud.scheduler.v1.CloudScheduler": { root: SCHEDULER_PROTOS, client: CloudSchedulerClient as unknown as ClientClass },
  "google.monitoring.v3.MetricService": { root: MONITORING_PROTOS, client: MetricServiceClient as unknown as ClientClass },
  // The LRO mixin every Run client carries (client.getOperation, listOperationsAsync, ...).
  "google.longrunning.Operations": { root: RUN_PROTOS },
};

/** What the clients ship that the emulator does not serve, on purpose, and why. */
const NOT_SERVED: Record<string, string> = {
  "google.cloud.run.v2.WorkerPools":
    "Runway deploys services and jobs only; worker pools (pull-based workloads without a URL) are outside what Runway manages",
  "google.cloud.run.v2.Builds": "Runway builds images in CI and deploys them by reference; SubmitBuild (source deploys) is never called",
  "google.cloud.run.v2.Instances": "a preview API for standalone instances; Runway never creates them",
  "google.iam.v1.IAMPolicy":
    "the generic IAM mixin (host iam-meta-api.googleapis.com); Cloud Run serves IAM as methods of Services and Jobs, which are served",
  "google.cloud.scheduler.v1beta1.CloudScheduler": "Runway uses Cloud Scheduler v1 only; the v1beta1 surface is not emulated",
  "google.longrunning.Operations/CancelOperation":
    "Cloud Run publishes no HTTP rule for it (googleapis run_v2.yaml; the clients' lroOptions.httpRules list Delete, Get, List and Wait only): over gRPC it is UNIMPLEMENTED, what operations.proto says a server that does not support it returns, and over REST the client cannot build the request (its only rule is /v1/{name=operations/**}:cancel)",
  "google.monitoring.v3.MetricService/ListMonitoredResourceDescriptors":
    "monitored resource descriptors are not emulated; the emulator knows one resource type, cloud_run_revision",
  "google.monitoring.v3.MetricService/GetMonitoredResourceDescriptor":
    "monitored resource descriptors are not emulated; the emulator knows one resource type, cloud_run_revision",
  "google.monitoring.v3.MetricService/CreateMetricDescriptor":
    "custom metrics are not emulated: the emulator serves Cloud Run's request_count and request_latencies only",
  "google.monitoring.v3.MetricService/DeleteMetricDescriptor":
    "custom metrics are not emulated: the emulator serves Cloud Run's request_count and request_latencies only",
  "google.monitoring.v3.MetricService/CreateTimeSeries":
    "writing points is not emulated: the emulator's time series come from the requests it really answered",
  "google.monitoring.v3.MetricService/CreateServiceTimeSeries":
    "writing points is not emulated: the emulator's time series come from the requests it really answered",
  "google.monitoring.v3.AlertPolicyService":
    "Runway judges canaries itself from ListTimeSeries; alerting policies are never read or written",
  "google.monitoring.v3.GroupService": "Runway filters time series by service and revision labels; resource groups are never used",
  "google.monitoring.v3.NotificationChannelService":
    "Runway notifies through its own job summary and GitHub; notification channels are never used",
  "google.monitoring.v3.QueryService":
    "QueryTimeSeries (MQL) is deprecated; Runway reads metrics with ListTimeSeries filters and aggregation",
  "google.monitoring.v3.ServiceMonitoringService":
    "SLO objects of Service Monitoring are never created; canary thresholds live in Runway's configuration",
  "google.monitoring.v3.SnoozeService": "snoozes silence alerting policies, which Runway never uses",
  "google.monitoring.v3.UptimeCheckService": "Runway checks URLs with its own smoke checks; uptime checks are never configured",
  "google.cloud.location.Locations":
    "the Locations mixin (client.getLocation, listLocationsAsync) lists Google's regions; Runway takes its region from configuration and never calls it",
};

const camel = (name: string) => name[0]?.toLowerCase() + name.slice(1);
const shortName = (name: string | null | undefined) => String(name).split("/").pop() as string;
const typeUrl = (any: unknown) => String((any as { type_url?: string; typeUrl?: string } | null)?.type_url ?? "");

/** Enum values arrive as names from unary calls and as numbers from LRO results; this reads both. */
function named(values: object, value: unknown): unknown {
  return typeof value === "number" ? (values as Record<number, string>)[value] : value;
}

const fx = useEmulator();
/** `transport method` for every call the emulator logged, and `transport Client.method` for client calls. */
const reached = new Set<string>();
const called = new Set<string>();

afterEach(() => {
  for (const call of fx.emu.registry.calls) reached.add(`${call.transport} ${call.method}`);
});

/** Records each public method called on a client; the client itself is the unchanged official one. */
function tracked<T extends object>(client: T, label: string, transport: Transport): T {
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function" || typeof prop !== "string") return value;
      return (...args: unknown[]) => {
        called.add(`${transport} ${label}.${prop}`);
        return value.apply(target, args);
      };
    },
  });
}

interface Clients {
  services: ServicesClient;
  revisions: RevisionsClient;
  jobs: JobsClient;
  executions: ExecutionsClient;
  tasks: TasksClient;
  scheduler: CloudSchedulerClient;
  metrics: MetricServiceClient;
}
const clients = {} as Record<Transport, Clients>;

beforeAll(() => {
  for (const transport of TRANSPORTS) {
    const options = emulatorOptions(transport === "grpc" ? fx.emu.grpc : fx.emu.http, transport);
    clients[transport] = {
      services: tracked(new ServicesClient(options), "ServicesClient", transport),
      revisions: tracked(new RevisionsClient(options), "RevisionsClient", transport),
      jobs: tracked(new JobsClient(options), "JobsClient", transport),
      executions: tracked(new ExecutionsClient(options), "ExecutionsClient", transport),
      tasks: tracked(new TasksClient(options), "TasksClient", transport),
      scheduler: tracked(new CloudSchedulerClient(options), "CloudSchedulerClient", transport),
      metrics: tracked(new MetricServiceClient(options), "MetricServiceClient", transport),
    };
  }
});

afterAll(async () => {
  await Promise.all(TRANSPORTS.flatMap((t) => Object.values(clients[t] ?? {}).map((c) => (c as Client).close())));
});

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};
const drain = <T>(stream: NodeJS.ReadableStream): Promise<T[]> =>
  new Promise((resolve, reject) => {
    const items: T[] = [];
    stream.on("data", (item: T) => items.push(item));
    stream.on("error", reject);
    stream.on("end", () => resolve(items));
  });

const code = async (call: Promise<unknown>) => (await rpcFailure(call)).code;

const IMAGE = "europe-docker.pkg.dev/demo/web/app:1";
const JOB_IMAGE = "europe-docker.pkg.dev/demo/jobs/migrate:1";
/** A job image whose tasks run for a while, so an execution can be cancelled mid-flight. */
const SLOW_JOB_IMAGE = "europe-docker.pkg.dev/demo/jobs/slow:1";
const template = (image = IMAGE) => ({ containers: [{ image }] });

describe.each(TRANSPORTS)("official Node clients over %s", (transport) => {
  const c = () => clients[transport];

  async function createService(serviceId: string, service: Service = {}): Promise<Service> {
    const [op] = await c().services.createService({ parent: PARENT, serviceId, service: { template: template(), ...service } });
    return (await op.promise())[0];
  }
  async function createJob(jobId: string, image = JOB_IMAGE) {
    const [op] = await c().jobs.createJob({ parent: PARENT, jobId, job: { template: { template: template(image) } } });
    return (await op.promise())[0];
  }
  async function runJob(jobId: string) {
    const [op] = await c().jobs.runJob({ name: `${PARENT}/jobs/${jobId}` });
    const [execution] = await op.promise();
    return execution;
  }

  it("Services.CreateService: validate_only, the operation's types, output-only fields, check progress, misuse", async () => {
    const parent = PARENT;
    const service = { template: template(), labels: { team: "web" } };
    // AIP-163: validate_only answers as the real request would, without what only creation assigns.
    const [dry] = await c().services.createService({ parent, serviceId: "web", service, validateOnly: true });
    expect(dry.done).toBe(true);
    const [wouldBe] = await dry.promise();
    expect(wouldBe.name).toBe(`${parent}/services/web`);
    expect(wouldBe.uid || undefined).toBeUndefined();
    expect(wouldBe.createTime ?? undefined).toBeUndefined();
    expect(wouldBe.etag || undefined).toBeUndefined();
    expect(await code(c().services.getService({ name: `${parent}/services/web` }))).toBe("NOT_FOUND");

    const [op] = await c().services.createService({ parent, serviceId: "web", service });
    expect(op.name).toMatch(/^projects\/demo-project\/locations\/asia-northeast3\/operations\/[0-9a-f-]{36}$/);
    expect(typeUrl(op.latestResponse.metadata)).toBe("type.googleapis.com/google.cloud.run.v2.Service");
    expect((op.metadata as Service).name).toBe(`${parent}/services/web`);
    const [created] = await op.promise();
    expect(created.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(created.generation)).toBe("1");
    expect(String(created.observedGeneration)).toBe("1");
    expect(created.createTime?.seconds).toBeTruthy();
    expect(created.updateTime?.seconds).toBeTruthy();
    expect(created.etag).toBeTruthy();
    expect(created.creator).toBeTruthy();
    expect(created.uri).toBeTruthy();
    expect(created.urls?.length).toBeGreaterThan(0);
    expect(created.reconciling).toBe(false);
    expect(created.latestReadyRevision).toBe(created.latestCreatedRevision);
    expect(named({ 2: "CONDITION_RECONCILING", 3: "CONDITION_FAILED", 4: "CONDITION_SUCCEEDED" }, created.terminalCondition?.state)).toBe(
      "CONDITION_SUCCEEDED",
    );
    expect(created.labels).toEqual({ team: "web" });

    const checked = await c().services.checkCreateServiceProgress(op.name as string);
    expect(checked.done).toBe(true);
    expect((checked.result as Service).name).toBe(created.name);

    expect(await code(c().services.createService({ parent, serviceId: "web", service }))).toBe("ALREADY_EXISTS");
    expect(await code(c().services.createService({ parent, serviceId: "Web_1", service }))).toBe("INVALID_ARGUMENT");
    expect(await code(c().services.createService({ parent, serviceId: "web2" }))).toBe("INVALID_ARGUMENT");
  });

  it("Services.GetService and ListServices: pages, the Async iterator and the Stream, show_deleted, bound page tokens", async () => {
    for (const id of ["one", "two", "three"]) await createService(id);
    const [got] = await c().services.getService({ name: `${PARENT}/services/two` });
    expect(got.name).toBe(`${PARENT}/services/two`);
    expect(await code(c().services.getService({ name: `${PARENT}/services/nope` }))).toBe("NOT_FOUND");

    // service.proto: "Results are sorted by creation time, descending."
    const [all] = await c().services.listServices({ parent: PARENT });
    expect(all.map((s) => shortName(s.name))).toEqual(["three", "two", "one"]);
    const [first, next] = await c().services.listServices({ parent: PARENT, pageSize: 2 }, { autoPaginate: false });
    expect(first.map((s) => shortName(s.name))).toEqual(["three", "two"]);
    expect(next?.pageToken).toBeTruthy();
    const [second, after] = await c().services.listServices(
      { parent: PARENT, pageSize: 2, pageToken: next?.pageToken },
      { autoPaginate: false },
    );
    expect(second.map((s) => shortName(s.name))).toEqual(["one"]);
    expect(after).toBeNull();
    const iterated = await collect(c().services.listServicesAsync({ parent: PARENT, pageSize: 1 }));
    expect(iterated.map((s) => shortName(s.name))).toEqual(["three", "two", "one"]);
    const streamed = await drain<Service>(c().services.listServicesStream({ parent: PARENT, pageSize: 2, showDeleted: true }));
    expect(streamed.map((s) => shortName(s.name))).toEqual(["three", "two", "one"]);

    // AIP-158: a token is bound to the request that made it; ListServices takes no `-` location.
    const elsewhere = "projects/demo-project/locations/europe-west1";
    expect(await code(c().services.listServices({ parent: elsewhere, pageToken: next?.pageToken }, { autoPaginate: false }))).toBe(
      "INVALID_ARGUMENT",
    );
    expect(await code(c().services.listServices({ parent: PARENT, pageSize: -1 }))).toBe("INVALID_ARGUMENT");
    expect(await code(c().services.listServices({ parent: "projects/demo-project/locations/-" }))).toBe("INVALID_ARGUMENT");
  });

  it("Services.UpdateService: nested update_mask, validate_only, etag, allow_missing, check progress", async () => {
    const created = await createService("web", { template: { ...template(), scaling: { maxInstanceCount: 5, minInstanceCount: 1 } } });
    const name = String(created.name);
    const change: Service = { name, template: { scaling: { maxInstanceCount: 7 } } };

    const [dry] = await c().services.updateService({
      service: change,
      updateMask: { paths: ["template.scaling.max_instance_count"] },
      validateOnly: true,
    });
    const [wouldBe] = await dry.promise();
    expect(wouldBe.template?.scaling?.maxInstanceCount).toBe(7);
    const [unchanged] = await c().services.getService({ name });
    expect(unchanged.template?.scaling?.maxInstanceCount).toBe(5);
    expect(unchanged.etag).toBe(created.etag);

    const [op] = await c().services.updateService({
      service: { ...change, etag: created.etag },
      updateMask: { paths: ["template.scaling.max_instance_count"] },
    });
    expect(typeUrl(op.latestResponse.metadata)).toBe("type.googleapis.com/google.cloud.run.v2.Service");
    const [updated] = await op.promise();
    // Only the named field changes; its siblings and the containers stay (AIP-134, AIP-161).
    expect(updated.template?.scaling?.maxInstanceCount).toBe(7);
    expect(updated.template?.scaling?.minInstanceCount).toBe(1);
    expect(updated.template?.containers?.[0]?.image).toBe(IMAGE);
    expect(String(updated.generation)).toBe("2");
    expect(updated.latestCreatedRevision).not.toBe(created.latestCreatedRevision);
    const checked = await c().services.checkUpdateServiceProgress(op.name as string);
    expect((checked.result as Service).generation?.toString()).toBe("2");

    // Mask paths are proto field names: REST carries them in proto3 JSON's camelCase, which the JSON
    // front end maps back; a binary gRPC FieldMask is taken as written, so camelCase names no field.
    const camelMask = c().services.updateService({ service: change, updateMask: { paths: ["template.scaling.maxInstanceCount"] } });
    if (transport === "grpc") expect(await code(camelMask)).toBe("INVALID_ARGUMENT");
    else expect((await (await camelMask)[0].promise())[0].template?.scaling?.maxInstanceCount).toBe(7);
    // A stale etag is ABORTED (AIP-154); an unknown mask path is INVALID_ARGUMENT.
    expect(await code(c().services.updateService({ service: { ...change, etag: created.etag } }))).toBe("ABORTED");
    expect(await code(c().services.updateService({ service: change, updateMask: { paths: ["template.nope"] } }))).toBe("INVALID_ARGUMENT");
    const missing = { name: `${PARENT}/services/fresh`, template: template() };
    expect(await code(c().services.updateService({ service: missing }))).toBe("NOT_FOUND");
    const [upsert] = await c().services.updateService({ service: missing, allowMissing: true });
    const [fresh] = await upsert.promise();
    expect(String(fresh.generation)).toBe("1");
    expect(fresh.uid).toBeTruthy();
  });

  it("Services.DeleteService: validate_only, etag, the deleted Service as the result, check progress", async () => {
    const created = await createService("web");
    const name = String(created.name);
    const [dry] = await c().services.deleteService({ name, validateOnly: true });
    expect((await dry.promise())[0].name).toBe(name);
    await c().services.getService({ name });
    expect(await code(c().services.deleteService({ name, etag: '"stale"' }))).toBe("ABORTED");
    const [op] = await c().services.deleteService({ name, etag: created.etag as string });
    expect(typeUrl(op.latestResponse.metadata)).toBe("type.googleapis.com/google.cloud.run.v2.Service");
    const [deleted] = await op.promise();
    expect(deleted.name).toBe(name);
    expect(deleted.deleteTime?.seconds).toBeTruthy();
    const checked = await c().services.checkDeleteServiceProgress(op.name as string);
    expect(checked.done).toBe(true);
    expect(await code(c().services.getService({ name }))).toBe("NOT_FOUND");
    expect(await code(c().services.deleteService({ name }))).toBe("NOT_FOUND");
  });

  it.each(["services", "jobs"] as const)("%s: GetIamPolicy, SetIamPolicy and TestIamPermissions", async (collection) => {
    const iam = collection === "services" ? c().services : c().jobs;
    const resource = `${PARENT}/${collection}/guarded`;
    if (collection === "services") await createService("guarded");
    else await createJob("guarded");
    // iam_policy.proto: "Returns an empty policy if the resource exists and does not have a policy set."
    const [empty] = await iam.getIamPolicy({ resource });
    expect(empty.bindings ?? []).toEqual([]);
    expect(Buffer.from(empty.etag as Uint8Array).toString("base64")).toBe("ACAB");
    const binding = { role: "roles/run.invoker", members: ["allUsers"] };
    const [set] = await iam.setIamPolicy({ resource, policy: { bindings: [binding], etag: empty.etag } });
    const pairs = (policy: { bindings?: { role?: string | null; members?: string[] | null }[] | null }) =>
      (policy.bindings ?? []).map((b) => [b.role, b.members]);
    expect(pairs(set)).toEqual([[binding.role, binding.members]]);
    expect(set.version).toBe(1);
    expect(Buffer.from(set.etag as Uint8Array).toString("base64")).not.toBe("ACAB");
    const [read] = await iam.getIamPolicy({ resource, options: { requestedPolicyVersion: 3 } });
    expect(pairs(read)).toEqual([[binding.role, binding.members]]);
    expect(Buffer.from(read.etag as Uint8Array)).toEqual(Buffer.from(set.etag as Uint8Array));
    // A write with the etag of an older read is ABORTED (policy.proto, etag).
    expect(await code(iam.setIamPolicy({ resource, policy: { bindings: [], etag: empty.etag } }))).toBe("ABORTED");
    expect(await code(iam.getIamPolicy({ resource, options: { requestedPolicyVersion: 2 } }))).toBe("INVALID_ARGUMENT");
    expect(await code(iam.setIamPolicy({ resource, policy: { bindings: [{ role: "roles/run.invoker", members: ["everyone"] }] } }))).toBe(
      "INVALID_ARGUMENT",
    );
    expect(await code(iam.getIamPolicy({ resource: `${PARENT}/${collection}/nope` }))).toBe("NOT_FOUND");

    const permissions = [`run.${collection}.get`, `run.${collection}.delete`];
    const [tested] = await iam.testIamPermissions({ resource, permissions });
    expect(tested.permissions).toEqual(permissions);
    // iam_policy.proto: a missing resource gives an empty set, not NOT_FOUND; wildcards are refused.
    const [none] = await iam.testIamPermissions({ resource: `${PARENT}/${collection}/nope`, permissions });
    expect(none.permissions ?? []).toEqual([]);
    expect(await code(iam.testIamPermissions({ resource, permissions: ["run.*"] }))).toBe("INVALID_ARGUMENT");
  });

  it("Revisions: GetRevision, ListRevisions (pages, Async, Stream, the '-' service), DeleteRevision with validate_only and etag", async () => {
    const web = await createService("web");
    const old = String(web.latestCreatedRevision);
    const [op] = await c().services.updateService({ service: { name: web.name, template: template(`${IMAGE}-2`) } });
    const [latest] = await op.promise();
    await createService("api");
    const [revision] = await c().revisions.getRevision({ name: old });
    expect(revision.service).toBe(web.name);
    expect(revision.containers?.[0]?.image).toBe(IMAGE);
    expect(revision.creator).toBeTruthy();
    expect(revision.etag).toBeTruthy();
    expect(revision.reconciling).toBe(false);
    expect(await code(c().revisions.getRevision({ name: `${web.name}/revisions/web-00009-zzz` }))).toBe("NOT_FOUND");

    // revision.proto: sorted by creation time, descending; "-" lists across services.
    const [page, next] = await c().revisions.listRevisions({ parent: String(web.name), pageSize: 1 }, { autoPaginate: false });
    expect(page.map((r) => r.name)).toEqual([latest.latestCreatedRevision]);
    expect(next?.pageToken).toBeTruthy();
    const iterated = await collect(c().revisions.listRevisionsAsync({ parent: `${PARENT}/services/-`, pageSize: 1 }));
    expect(iterated.map((r) => shortName(r.service)).sort()).toEqual(["api", "web", "web"]);
    const streamed = await drain<{ name?: string | null }>(
      c().revisions.listRevisionsStream({ parent: String(web.name), showDeleted: true }),
    );
    expect(streamed.map((r) => r.name)).toEqual([latest.latestCreatedRevision, old]);
    expect(await code(c().revisions.listRevisions({ parent: `${PARENT}/services/nope` }))).toBe("NOT_FOUND");

    // revision.proto: "Only retired revisions can be deleted with this API."
    expect(await code(c().revisions.deleteRevision({ name: String(latest.latestCreatedRevision) }))).toBe("FAILED_PRECONDITION");
    const [dry] = await c().revisions.deleteRevision({ name: old, validateOnly: true });
    expect((await dry.promise())[0].name).toBe(old);
    await c().revisions.getRevision({ name: old });
    expect(await code(c().revisions.deleteRevision({ name: old, etag: '"stale"' }))).toBe("ABORTED");
    const [deleting] = await c().revisions.deleteRevision({ name: old, etag: revision.etag as string });
    expect(typeUrl(deleting.latestResponse.metadata)).toBe("type.googleapis.com/google.cloud.run.v2.Revision");
    const [deleted] = await deleting.promise();
    expect(deleted.name).toBe(old);
    expect(deleted.deleteTime?.seconds).toBeTruthy();
    expect((await c().revisions.checkDeleteRevisionProgress(deleting.name as string)).done).toBe(true);
    expect(await code(c().revisions.getRevision({ name: old }))).toBe("NOT_FOUND");
  });

  it("Jobs.CreateJob, GetJob and ListJobs: validate_only, defaults, output-only fields, pages, Async, Stream, misuse", async () => {
    const job = { template: { template: template(JOB_IMAGE) } };
    const [dry] = await c().jobs.createJob({ parent: PARENT, jobId: "migrate", job, validateOnly: true });
    const [wouldBe] = await dry.promise();
    expect(wouldBe.name).toBe(`${PARENT}/jobs/migrate`);
    expect(wouldBe.uid || undefined).toBeUndefined();
    expect(await code(c().jobs.getJob({ name: `${PARENT}/jobs/migrate` }))).toBe("NOT_FOUND");

    const [op] = await c().jobs.createJob({ parent: PARENT, jobId: "migrate", job });
    expect(typeUrl(op.latestResponse.metadata)).toBe("type.googleapis.com/google.cloud.run.v2.Job");
    const [created] = await op.promise();
    expect(created.uid).toBeTruthy();
    expect(String(created.generation)).toBe("1");
    expect(created.etag).toBeTruthy();
    expect(created.reconciling).toBe(false);
    // job.proto / task_template.proto defaults: one task, 3 retries, a 600 s timeout.
    expect(created.template?.taskCount).toBe(1);
    expect(created.template?.template?.maxRetries).toBe(3);
    expect(String(created.template?.template?.timeout?.seconds)).toBe("600");
    expect((await c().jobs.checkCreateJobProgress(op.name as string)).done).toBe(true);
    expect(await code(c().jobs.createJob({ parent: PARENT, jobId: "migrate", job }))).toBe("ALREADY_EXISTS");
    expect(await code(c().jobs.createJob({ parent: PARENT, jobId: "migrate-", job }))).toBe("INVALID_ARGUMENT");

    await createJob("seed");
    await createJob("report");
    const [got] = await c().jobs.getJob({ name: `${PARENT}/jobs/seed` });
    expect(got.name).toBe(`${PARENT}/jobs/seed`);
    const [page, next] = await c().jobs.listJobs({ parent: PARENT, pageSize: 2 }, { autoPaginate: false });
    expect(page.map((j) => shortName(j.name))).toEqual(["report", "seed"]);
    const [rest] = await c().jobs.listJobs({ parent: PARENT, pageSize: 2, pageToken: next?.pageToken }, { autoPaginate: false });
    expect(rest.map((j) => shortName(j.name))).toEqual(["migrate"]);
    expect((await collect(c().jobs.listJobsAsync({ parent: PARENT, pageSize: 1 }))).map((j) => shortName(j.name))).toEqual([
      "report",
      "seed",
      "migrate",
    ]);
    expect((await drain<{ name?: string }>(c().jobs.listJobsStream({ parent: PARENT, showDeleted: true }))).length).toBe(3);
    expect(await code(c().jobs.listJobs({ parent: "projects/demo-project/locations/-" }))).toBe("INVALID_ARGUMENT");
  });

  it("Jobs.UpdateJob and DeleteJob: validate_only, etag, allow_missing, check progress", async () => {
    const created = await createJob("migrate");
    const name = String(created.name);
    const changed = { name, template: { taskCount: 2, template: template(`${JOB_IMAGE}-2`) } };
    const [dry] = await c().jobs.updateJob({ job: changed, validateOnly: true });
    expect((await dry.promise())[0].template?.taskCount).toBe(2);
    expect((await c().jobs.getJob({ name }))[0].template?.taskCount).toBe(1);
    expect(await code(c().jobs.updateJob({ job: { ...changed, etag: '"stale"' } }))).toBe("ABORTED");
    const [op] = await c().jobs.updateJob({ job: { ...changed, etag: created.etag } });
    const [updated] = await op.promise();
    expect(updated.template?.taskCount).toBe(2);
    expect(String(updated.generation)).toBe("2");
    expect((await c().jobs.checkUpdateJobProgress(op.name as string)).done).toBe(true);
    const fresh = { name: `${PARENT}/jobs/fresh`, template: { template: template(JOB_IMAGE) } };
    expect(await code(c().jobs.updateJob({ job: fresh }))).toBe("NOT_FOUND");
    const [upsert] = await c().jobs.updateJob({ job: fresh, allowMissing: true });
    expect((await upsert.promise())[0].uid).toBeTruthy();

    const [dryDelete] = await c().jobs.deleteJob({ name, validateOnly: true });
    expect((await dryDelete.promise())[0].name).toBe(name);
    expect(await code(c().jobs.deleteJob({ name, etag: '"stale"' }))).toBe("ABORTED");
    const [deleting] = await c().jobs.deleteJob({ name, etag: updated.etag as string });
    const [deleted] = await deleting.promise();
    expect(deleted.deleteTime?.seconds).toBeTruthy();
    expect((await c().jobs.checkDeleteJobProgress(deleting.name as string)).done).toBe(true);
    expect(await code(c().jobs.getJob({ name }))).toBe("NOT_FOUND");
    expect(await code(c().jobs.deleteJob({ name }))).toBe("NOT_FOUND");
  });

  it("Jobs.RunJob: the Execution as metadata and result, overrides, validate_only, etag, check progress", async () => {
    const job = await createJob("migrate");
    const name = String(job.name);
    const [dry] = await c().jobs.runJob({ name, validateOnly: true });
    const [wouldRun] = await dry.promise();
    expect(wouldRun.name || undefined).toBeUndefined();
    expect((await c().executions.listExecutions({ parent: name }))[0]).toEqual([]);
    expect(await code(c().jobs.runJob({ name, etag: '"stale"' }))).toBe("ABORTED");

    const [op] = await c().jobs.runJob({
      name,
      etag: job.etag as string,
      overrides: { containerOverrides: [{ args: ["--fast"] }], taskCount: 2, timeout: { seconds: 60 } },
    });
    expect(typeUrl(op.latestResponse.metadata)).toBe("type.googleapis.com/google.cloud.run.v2.Execution");
    const execution = String((op.metadata as { name?: string }).name);
    expect(execution).toMatch(new RegExp(`^${name}/executions/migrate-[a-z0-9]{5}$`));
    const [done] = await op.promise();
    expect(done.name).toBe(execution);
    expect(done.taskCount).toBe(2);
    expect(done.succeededCount).toBe(2);
    expect(done.template?.containers?.[0]?.args).toEqual(["--fast"]);
    expect(done.completionTime?.seconds).toBeTruthy();
    expect((await c().jobs.checkRunJobProgress(op.name as string)).done).toBe(true);
    expect(await code(c().jobs.runJob({ name: `${PARENT}/jobs/nope` }))).toBe("NOT_FOUND");
    expect(await code(c().jobs.runJob({ name, overrides: { containerOverrides: [{ name: "nope", args: ["x"] }] } }))).toBe(
      "INVALID_ARGUMENT",
    );
  });

  it("Executions: GetExecution, ListExecutions (pages, Async, Stream, the '-' job), CancelExecution, DeleteExecution", async () => {
    await fx.control("/_emulator/images", { image: SLOW_JOB_IMAGE, latencyMs: 10_000 });
    await createJob("migrate");
    await createJob("slow", SLOW_JOB_IMAGE);
    const first = await runJob("migrate");
    const second = await runJob("migrate");
    const [got] = await c().executions.getExecution({ name: String(first.name) });
    expect(got.job).toBe("migrate");
    expect(await code(c().executions.getExecution({ name: `${PARENT}/jobs/migrate/executions/migrate-zzzzz` }))).toBe("NOT_FOUND");
    const parent = `${PARENT}/jobs/migrate`;
    const [page, next] = await c().executions.listExecutions({ parent, pageSize: 1 }, { autoPaginate: false });
    expect(page.map((e) => e.name)).toEqual([second.name]);
    expect(next?.pageToken).toBeTruthy();
    expect((await collect(c().executions.listExecutionsAsync({ parent, pageSize: 1 }))).map((e) => e.name)).toEqual([
      second.name,
      first.name,
    ]);
    expect((await drain<unknown>(c().executions.listExecutionsStream({ parent: `${PARENT}/jobs/-`, showDeleted: true }))).length).toBe(2);
    expect(await code(c().executions.listExecutions({ parent: `${PARENT}/jobs/nope` }))).toBe("NOT_FOUND");

    // Cancelling: validate_only leaves it running; a stale etag is ABORTED; a finished one is refused.
    const [running] = await c().jobs.runJob({ name: `${PARENT}/jobs/slow` });
    const slow = String((running.metadata as { name?: string }).name);
    const [dryCancel] = await c().executions.cancelExecution({ name: slow, validateOnly: true });
    await dryCancel.promise();
    expect((await c().executions.getExecution({ name: slow }))[0].completionTime ?? undefined).toBeUndefined();
    expect(await code(c().executions.cancelExecution({ name: slow, etag: '"stale"' }))).toBe("ABORTED");
    const [cancel] = await c().executions.cancelExecution({ name: slow });
    expect(typeUrl(cancel.latestResponse.metadata)).toBe("type.googleapis.com/google.cloud.run.v2.Execution");
    const [cancelled] = await cancel.promise();
    expect(cancelled.cancelledCount).toBe(1);
    expect((await c().executions.checkCancelExecutionProgress(cancel.name as string)).done).toBe(true);
    await running.promise();
    expect(await code(c().executions.cancelExecution({ name: String(first.name) }))).toBe("FAILED_PRECONDITION");

    const [dryDelete] = await c().executions.deleteExecution({ name: String(first.name), validateOnly: true });
    await dryDelete.promise();
    await c().executions.getExecution({ name: String(first.name) });
    expect(await code(c().executions.deleteExecution({ name: String(first.name), etag: '"stale"' }))).toBe("ABORTED");
    const [deleting] = await c().executions.deleteExecution({ name: String(first.name), etag: got.etag as string });
    const [deleted] = await deleting.promise();
    expect(deleted.deleteTime?.seconds).toBeTruthy();
    expect((await c().executions.checkDeleteExecutionProgress(deleting.name as string)).done).toBe(true);
    expect(await code(c().executions.getExecution({ name: String(first.name) }))).toBe("NOT_FOUND");
  });

  it("Tasks: GetTask and ListTasks (pages, Async, Stream, '-' wildcards)", async () => {
    await createJob("migrate");
    const [op] = await c().jobs.runJob({ name: `${PARENT}/jobs/migrate`, overrides: { taskCount: 3 } });
    const [execution] = await op.promise();
    const parent = String(execution.name);
    const id = shortName(parent);
    const [task] = await c().tasks.getTask({ name: `${parent}/tasks/${id}-task1` });
    expect(task.index).toBe(1);
    expect(task.execution).toBe(id);
    expect(await code(c().tasks.getTask({ name: `${parent}/tasks/${id}-task9` }))).toBe("NOT_FOUND");
    const [page, next] = await c().tasks.listTasks({ parent, pageSize: 2 }, { autoPaginate: false });
    expect(page.map((t) => t.index)).toEqual([0, 1]);
    expect(next?.pageToken).toBeTruthy();
    expect((await collect(c().tasks.listTasksAsync({ parent: `${PARENT}/jobs/migrate/executions/-`, pageSize: 1 }))).length).toBe(3);
    expect((await drain<unknown>(c().tasks.listTasksStream({ parent: `${PARENT}/jobs/-/executions/-`, showDeleted: true }))).length).toBe(
      3,
    );
    expect(await code(c().tasks.listTasks({ parent: `${PARENT}/jobs/migrate/executions/migrate-zzzzz` }))).toBe("NOT_FOUND");
  });

  it("CloudScheduler: CreateJob, GetJob, ListJobs (pages, Async, Stream), UpdateJob with nested masks, Pause, Resume, Run, Delete", async () => {
    const s = c().scheduler;
    const body: SchedulerJob = {
      schedule: "0 3 * * *",
      timeZone: "Asia/Seoul",
      httpTarget: { uri: "https://example.com/ping", httpMethod: "POST" },
      retryConfig: { retryCount: 2 },
    };
    const [created] = await s.createJob({ parent: PARENT, job: { ...body, name: `${PARENT}/jobs/nightly` } });
    expect(created.name).toBe(`${PARENT}/jobs/nightly`);
    expect(named({ 1: "ENABLED", 2: "PAUSED" }, created.state)).toBe("ENABLED");
    expect(created.scheduleTime?.seconds).toBeTruthy();
    expect(created.userUpdateTime?.seconds).toBeTruthy();
    // cloudscheduler.proto: "If a name is not specified then the system will generate a random unique name".
    const [generated] = await s.createJob({ parent: PARENT, job: body });
    expect(generated.name).toMatch(new RegExp(`^${PARENT}/jobs/[A-Za-z0-9_-]+$`));
    expect(await code(s.createJob({ parent: PARENT, job: { ...body, name: `${PARENT}/jobs/nightly` } }))).toBe("ALREADY_EXISTS");
    expect(await code(s.createJob({ parent: PARENT, job: { ...body, schedule: "every 5 minutes", name: `${PARENT}/jobs/x` } }))).toBe(
      "INVALID_ARGUMENT",
    );

    const name = `${PARENT}/jobs/nightly`;
    expect((await s.getJob({ name }))[0].schedule).toBe("0 3 * * *");
    expect(await code(s.getJob({ name: `${PARENT}/jobs/nope` }))).toBe("NOT_FOUND");
    const [page, next] = await s.listJobs({ parent: PARENT, pageSize: 1 }, { autoPaginate: false });
    expect(page).toHaveLength(1);
    expect(next?.pageToken).toBeTruthy();
    expect(await collect(s.listJobsAsync({ parent: PARENT, pageSize: 1 }))).toHaveLength(2);
    expect(await drain<unknown>(s.listJobsStream({ parent: PARENT }))).toHaveLength(2);

    const [updated] = await s.updateJob({
      job: { name, httpTarget: { uri: "https://example.com/v2" }, retryConfig: { retryCount: 4 } },
      updateMask: { paths: ["http_target.uri", "retry_config.retry_count"] },
    });
    expect(updated.httpTarget?.uri).toBe("https://example.com/v2");
    expect(named({ 1: "POST" }, updated.httpTarget?.httpMethod)).toBe("POST");
    expect(updated.retryConfig?.retryCount).toBe(4);
    expect(updated.timeZone).toBe("Asia/Seoul");
    expect(await code(s.updateJob({ job: { name, schedule: "1 * * * *" }, updateMask: { paths: ["nope"] } }))).toBe("INVALID_ARGUMENT");
    expect(await code(s.updateJob({ job: { name: `${PARENT}/jobs/nope`, schedule: "1 * * * *" } }))).toBe("NOT_FOUND");

    const [paused] = await s.pauseJob({ name });
    expect(named({ 1: "ENABLED", 2: "PAUSED" }, paused.state)).toBe("PAUSED");
    expect(await code(s.pauseJob({ name }))).toBe("FAILED_PRECONDITION");
    const [resumed] = await s.resumeJob({ name });
    expect(named({ 1: "ENABLED", 2: "PAUSED" }, resumed.state)).toBe("ENABLED");
    expect(await code(s.resumeJob({ name }))).toBe("FAILED_PRECONDITION");
    const [ran] = await s.runJob({ name });
    expect(ran.lastAttemptTime?.seconds).toBeTruthy();

    const [empty] = await s.deleteJob({ name });
    expect(empty).toEqual({});
    expect(await code(s.getJob({ name }))).toBe("NOT_FOUND");
    expect(await code(s.deleteJob({ name }))).toBe("NOT_FOUND");
  });

  it("Operations: GetOperation, ListOperations (pages, Async), WaitOperation, DeleteOperation; CancelOperation is not served", async () => {
    const s = c().services;
    await fx.control("/_emulator/images", { image: `${IMAGE}-slow`, startupMs: 300 });
    const [slow] = await s.createService({ parent: PARENT, serviceId: "slow", service: { template: template(`${IMAGE}-slow`) } });
    expect(slow.done).toBe(false);
    await createService("web");
    const [got] = await s.getOperation({ name: slow.name as string } as never);
    expect(got.name).toBe(slow.name);
    expect(await code(s.getOperation({ name: `${PARENT}/operations/nope` } as never))).toBe("NOT_FOUND");

    const names = (ops: unknown[]) => ops.map((op) => (op as { name?: string }).name);
    const listed = await collect(s.listOperationsAsync({ name: PARENT, pageSize: 1 } as never));
    expect(names(listed)).toContain(slow.name);
    expect(listed.length).toBe(2);
    // AIP-160 `filter`: the emulator filters on done and name, and refuses what it cannot evaluate.
    const running = await collect(s.listOperationsAsync({ name: PARENT, filter: "done = false" } as never));
    expect(names(running)).toEqual([slow.name]);
    const byName = await collect(s.listOperationsAsync({ name: PARENT, filter: `done=false AND name="${slow.name}"` } as never));
    expect(names(byName)).toEqual([slow.name]);
    expect(await code(collect(s.listOperationsAsync({ name: PARENT, filter: "metadata.generation > 1" } as never)))).toBe(
      "INVALID_ARGUMENT",
    );
    const [page] = (await s.operationsClient.listOperations({ name: PARENT, pageSize: 1 } as never, {
      autoPaginate: false,
    })) as unknown as [unknown[]];
    expect(page).toHaveLength(1);
    // The clients wrap no WaitOperation, but their generated Operations stub carries it. Over REST
    // the stub cannot send it: the shipped protos.json has no google.api.http rule for WaitOperation,
    // and gax's overrideHttpRules only rewrites existing rules, so the clients' own `:wait` rule is
    // dropped. The emulator serves that rule; it is called here with the body the rule defines.
    const stub = (await s.operationsClient.operationsStub) as unknown as Record<
      string,
      (req: unknown, metadata: unknown, options: unknown, cb: (error: unknown, value: unknown) => void) => void
    >;
    const wait = (name: string) =>
      new Promise<{ done?: boolean }>((resolve, reject) =>
        stub.waitOperation?.({ name, timeout: { seconds: 5 } }, transport === "grpc" ? new grpc.Metadata() : {}, {}, (error, value) =>
          error ? reject(error) : resolve(value as { done?: boolean }),
        ),
      );
    if (transport === "grpc") expect((await wait(slow.name as string)).done).toBe(true);
    else {
      await expect(wait(slow.name as string)).rejects.toThrow(/parsedOptions is not iterable/);
      const response = await fetch(`${fx.emu.http}/v2/${slow.name}:wait?$alt=json%3Benum-encoding=int`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ timeout: "5s" }),
      });
      expect(((await response.json()) as { done?: boolean }).done).toBe(true);
    }

    // Not served: UNIMPLEMENTED over gRPC (operations.proto: what a server that does not support it
    // returns); over REST the client cannot build the request, its only rule being /v1/{name=operations/**}:cancel.
    if (transport === "grpc") expect(await code(s.cancelOperation({ name: slow.name as string } as never))).toBe("UNIMPLEMENTED");
    else await expect(s.cancelOperation({ name: slow.name as string } as never)).rejects.toThrow(/Cannot build HTTP request/);
    await s.deleteOperation({ name: slow.name as string } as never);
    expect(await code(s.getOperation({ name: slow.name as string } as never))).toBe("NOT_FOUND");
    expect(await code(s.deleteOperation({ name: slow.name as string } as never))).toBe("NOT_FOUND");
  });

  it("MetricService: ListTimeSeries (pages, Async, Stream, aggregation, HEADERS), ListMetricDescriptors (pages, Async, Stream), GetMetricDescriptor", async () => {
    const m = c().metrics;
    const project = "projects/demo-project";
    const service = await createService("web");
    const sent = await fx.control("/_emulator/traffic", { service: service.name, count: 30, windowMs: 180_000, wait: true });
    expect(sent).toMatchObject({ sent: 30, statuses: { 200: 30 } });
    const end = Math.ceil(Date.now() / 60_000) * 60_000;
    const filter = `metric.type = "run.googleapis.com/request_count" AND resource.type = "cloud_run_revision" AND resource.labels.service_name = "web"`;
    const request = {
      name: project,
      filter,
      interval: { startTime: { seconds: end / 1000 - 600 }, endTime: { seconds: end / 1000 } },
      pageSize: 1,
    };
    const points = (series: { points?: unknown[] | null }[]) => series.flatMap((s) => s.points ?? []).length;
    const [page, next] = await m.listTimeSeries(request, { autoPaginate: false });
    expect(points(page)).toBe(1);
    expect(next?.pageToken).toBeTruthy();
    const pointsAsync = points(await collect(m.listTimeSeriesAsync(request)));
    expect(pointsAsync).toBeGreaterThanOrEqual(3);
    expect(points(await drain<{ points?: unknown[] }>(m.listTimeSeriesStream(request)))).toBe(pointsAsync);
    const [summed] = await m.listTimeSeries({
      ...request,
      pageSize: 0,
      aggregation: { alignmentPeriod: { seconds: 600 }, perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM" },
    });
    expect(summed.map((s) => String(s.points?.[0]?.value?.int64Value))).toEqual(["30"]);
    const [headers] = await m.listTimeSeries({ ...request, pageSize: 0, view: "HEADERS" });
    expect(headers.map((s) => s.points ?? [])).toEqual([[]]);
    expect(await code(m.listTimeSeries({ ...request, filter: `${filter} OR metric.type = "x"` }))).toBe("INVALID_ARGUMENT");

    const [descriptors, more] = await m.listMetricDescriptors({ name: project, pageSize: 1 }, { autoPaginate: false });
    expect(descriptors).toHaveLength(1);
    expect(more?.pageToken).toBeTruthy();
    const types = ["run.googleapis.com/request_count", "run.googleapis.com/request_latencies"];
    expect((await collect(m.listMetricDescriptorsAsync({ name: project, pageSize: 1 }))).map((d) => d.type)).toEqual(types);
    expect((await drain<{ type: string }>(m.listMetricDescriptorsStream({ name: project }))).map((d) => d.type)).toEqual(types);
    const [latencies] = await m.getMetricDescriptor({ name: `${project}/metricDescriptors/run.googleapis.com/request_latencies` });
    expect(latencies).toMatchObject({ type: types[1], unit: "ms", monitoredResourceTypes: ["cloud_run_revision"] });
    expect(await code(m.getMetricDescriptor({ name: `${project}/metricDescriptors/custom.googleapis.com/x` }))).toBe("NOT_FOUND");
  });

  it("what is not served answers as an unknown method: UNIMPLEMENTED over gRPC, NOT_FOUND over REST", async () => {
    const options = emulatorOptions(transport === "grpc" ? fx.emu.grpc : fx.emu.http, transport);
    const pools = new WorkerPoolsClient(options);
    const instances = new InstancesClient(options);
    const builds = new BuildsClient(options);
    const expected = transport === "grpc" ? "UNIMPLEMENTED" : "NOT_FOUND";
    try {
      expect(await code(pools.getWorkerPool({ name: `${PARENT}/workerPools/pool` }))).toBe(expected);
      expect(await code(instances.getInstance({ name: `${PARENT}/instances/one` }))).toBe(expected);
      expect(await code(builds.submitBuild({ parent: PARENT, imageUri: "europe-docker.pkg.dev/demo/web/app:1" }))).toBe(expected);
      expect(await code(c().services.getLocation({ name: PARENT }))).toBe(expected);
      expect(await code(c().scheduler.getLocation({ name: PARENT }))).toBe(expected);
    } finally {
      await Promise.all([pools.close(), instances.close(), builds.close()]);
    }
  });
});

describe("coverage", () => {
  /** Every service of the protos the clients ship, by full name, with its methods. */
  function shippedServices(): Map<string, string[]> {
    const services = new Map<string, string[]>();
    const walk = (ns: protobuf.NamespaceBase) => {
      for (const nested of ns.nestedArray) {
        if (nested instanceof protobuf.Service) services.set(nested.fullName.slice(1), Object.keys(nested.methods));
        else if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) walk(nested);
      }
    };
    walk(RUN_PROTOS);
    walk(SCHEDULER_PROTOS);
    walk(MONITORING_PROTOS);
    return services;
  }

  it("every shipped service is served or listed as not served, with its reason", () => {
    const shipped = shippedServices();
    for (const service of shipped.keys()) expect(SERVED[service] || NOT_SERVED[service], service).toBeTruthy();
    for (const [key, reason] of Object.entries(NOT_SERVED)) {
      expect(reason.length, key).toBeGreaterThan(20);
      // No stale entry: each names a shipped service or method, or the Locations mixin the clients expose.
      const [service, method] = key.split("/") as [string, string | undefined];
      const exists =
        service === "google.cloud.location.Locations"
          ? typeof ServicesClient.prototype.getLocation === "function" && typeof CloudSchedulerClient.prototype.getLocation === "function"
          : method
            ? (shipped.get(service) ?? []).includes(method)
            : shipped.has(service);
      expect(exists, `${key} is not something the clients ship`).toBe(true);
    }
  });

  it("exercised every method of every served service on both transports, and the emulator serves each", async () => {
    const missing: string[] = [];
    for (const [service, { root, client }] of Object.entries(SERVED)) {
      const methods = Object.keys(root.lookupService(service).methods);
      const instance = client ? new client(emulatorOptions(fx.emu.grpc, "grpc")) : undefined;
      const descriptors = instance?.descriptors;
      await instance?.close();
      for (const method of methods) {
        const full = `${service}/${method}`;
        if (NOT_SERVED[full]) {
          expect(fx.emu.registry.methods.has(full), `${full} is listed as not served`).toBe(false);
          continue;
        }
        if (!fx.emu.registry.methods.has(full)) missing.push(`${full}: not served by the emulator`);
        const variants = [camel(method)];
        if (descriptors?.page[camel(method)]) variants.push(`${camel(method)}Async`, `${camel(method)}Stream`);
        if (descriptors?.longrunning[camel(method)]) variants.push(`check${method}Progress`);
        for (const transport of TRANSPORTS) {
          if (!reached.has(`${transport} ${full}`)) missing.push(`${full}: never reached the emulator over ${transport}`);
          if (!client) continue;
          for (const variant of variants)
            if (!called.has(`${transport} ${client.name}.${variant}`))
              missing.push(`${client.name}.${variant}: never called over ${transport}`);
        }
      }
    }
    // The emulator serves nothing the clients do not know about.
    for (const full of fx.emu.registry.methods.keys()) {
      const [service, method] = full.split("/") as [string, string];
      if (!SERVED[service]?.root.lookupService(service).methods[method]) missing.push(`${full}: served but not in the clients' protos`);
    }
    expect(missing).toEqual([]);
  });
});
