// Services and jobs with a value in every settable field, built from the proto descriptors
// (proto-fill.ts) and patched only where Cloud Run's rules require. Used by the emulator's round
// trip and by the deploy test that proves Runway keeps every field it does not declare.
import { type Filled, fillMessage, inputFields, protoType } from "./proto-fill.js";

type Codec = { fromObject(o: object): object; toObject(m: object, o: object): Filled };

/** Proto3 cannot tell a zero value from an absent one, and the clients set some explicitly. */
export const isZero = (v: unknown) =>
  v === "" || v === 0 || v === "0" || v === false || (typeof v === "string" && v.endsWith("_UNSPECIFIED"));

export function withoutZeros(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutZeros);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => !isZero(v))
      .map(([k, v]) => [k, withoutZeros(v)]),
  );
}

/** One shape for what was sent and what either transport answers: enum names, 64-bit integers as strings, no zero values. */
export const normal = (codec: Codec, value: unknown): Filled =>
  withoutZeros(codec.toObject(codec.fromObject(value as object), { enums: String, longs: String })) as Filled;
export const names = (typeName: string) =>
  inputFields(typeName)
    .map((f) => f.name)
    .sort();
export const oneofMembers = (typeName: string, oneof: string) => protoType(typeName).oneofs[oneof]?.fieldsArray.map((f) => f.name) ?? [];

/** One volume of each source, so every member of the `volumeType` oneof is carried. */
export function everyVolume(): Filled[] {
  return oneofMembers("Volume", "volumeType").map((source) => {
    const volume: Filled = { ...fillMessage("Volume", { oneofs: { volumeType: source } }), name: `vol-${source.toLowerCase()}` };
    if (source === "cloudSqlInstance") volume.cloudSqlInstance = { instances: ["demo-project:asia-northeast3:db"] };
    return volume;
  });
}

export const mountsOf = (volumes: Filled[]) =>
  volumes.map((v) => ({ ...fillMessage("VolumeMount"), name: v.name, mountPath: v.cloudSqlInstance ? "/cloudsql" : `/mnt/${v.name}` }));

/** A container with every field set; each probe uses another probe type and the env both value kinds. */
export function everyContainer(name: string, volumes: Filled[]): Filled {
  return {
    ...fillMessage("Container"),
    name,
    image: "img:1",
    env: [fillMessage("EnvVar"), { ...fillMessage("EnvVar", { oneofs: { values: "valueSource" } }), name: "FROM_SECRET" }],
    ports: [{ name: "h2c", containerPort: 8080 }],
    volumeMounts: mountsOf(volumes),
    startupProbe: fillMessage("Probe", { oneofs: { probeType: "tcpSocket" } }),
    livenessProbe: fillMessage("Probe", { oneofs: { probeType: "grpc" } }),
    readinessProbe: fillMessage("Probe", { oneofs: { probeType: "httpGet" } }),
    dependsOn: ["sidecar"],
  };
}

/** A sidecar: every field but the ones that only the ingress container may have or need. */
export function sidecar(): Filled {
  const { ports: _ports, dependsOn: _dependsOn, volumeMounts: _mounts, ...rest } = fillMessage("Container");
  return { ...rest, name: "sidecar", image: "img:sidecar" };
}

/** A Service with a value in every settable field, patched only where Cloud Run's rules require. */
export function everyServiceField(serviceId: string): Filled {
  const { etag: _etag, ...service } = fillMessage("Service"); // an update precondition, not state
  const volumes = everyVolume();
  const template = service.template as Filled;
  // Direct VPC egress here: a connector excludes network interfaces (the job below uses one).
  const { connector: _connector, ...direct } = template.vpcAccess as Filled;
  Object.assign(template, {
    revision: `${serviceId}-every-field`,
    vpcAccess: direct,
    volumes,
    containers: [everyContainer("app", volumes), sidecar()],
  });
  // LATEST takes no revision, and the percentages add up to 100.
  const { revision: _revision, ...latest } = fillMessage("TrafficTarget");
  service.traffic = [{ ...latest, percent: 100 }];
  return service;
}

export function everyJobField(): Filled {
  // The name comes from the request (Job.name has no IDENTIFIER behaviour in the proto), and the
  // execution tokens are refused (use RunJob).
  const { name: _name, etag: _etag, startExecutionToken: _token, ...job } = fillMessage("Job");
  const execution = job.template as Filled;
  const task = execution.template as Filled;
  const volumes = everyVolume();
  const { ports: _ports, dependsOn: _dependsOn, ...container } = everyContainer("task", volumes);
  Object.assign(task, {
    volumes,
    containers: [container],
    vpcAccess: { connector: "projects/p/locations/l/connectors/c", egress: "ALL_TRAFFIC" },
  });
  return job;
}
