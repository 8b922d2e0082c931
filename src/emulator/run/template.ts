// Static checks of a revision (or task) template's containers, volumes, probes and networking,
// made synchronously as Cloud Run makes them: INVALID_ARGUMENT naming the field. Each rule's
// source and confidence is in docs/emulator-fidelity.md ("Q14. Template fields and validation").
import protobuf from "protobufjs";
import { invalid } from "../errors.js";
import { type Json, type JsonValue, messageType } from "../proto.js";

/** Services serve requests through one ingress container; jobs have no ports to speak of. */
export type TemplateKind = "service" | "job";

const MAX_CONTAINERS = 10;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** From the real error: `[a-zA-Z0-9-]{1,}:[a-zA-Z0-9-]{1,}:[a-z][a-z0-9-]{0,}`, at most 97 characters, no trailing '-'. */
const CLOUD_SQL_INSTANCE = /^[a-zA-Z0-9-]+:[a-zA-Z0-9-]+:[a-z][a-z0-9-]*$/;
const PORT_NAMES = ["", "http1", "h2c"];
// The oneof members, from the descriptors, so a volume or probe type Google adds is counted too.
const VOLUME_SOURCES = messageType("google.cloud.run.v2.Volume").oneofs.volumeType?.fieldsArray.map((f) => f.name) ?? [];
const PROBE_TYPES = messageType("google.cloud.run.v2.Probe").oneofs.probeType?.fieldsArray.map((f) => f.name) ?? [];
/** k8s.min.proto: startup probes allow periods and initial delays up to 240 s, liveness up to 3600 s. */
const PROBE_MAX_SECONDS: Record<string, number> = { startupProbe: 240, livenessProbe: 3600, readinessProbe: 3600 };

const list = (value: JsonValue | undefined) => (value ?? []) as Json[];
const isSet = (value: JsonValue | undefined) => value !== undefined && value !== null;

/** A proto3 int32 without presence: 0 (or absent) means "use the default". */
function checkRange(field: string, value: JsonValue | undefined, min: number, max: number): void {
  if (value === undefined || value === 0) return;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(field, `must be between ${min} and ${max}, got ${String(value)}`);
}

export function validateContainers(field: string, template: Json, kind: TemplateKind): void {
  const containers = list(template.containers);
  if (containers.length > MAX_CONTAINERS)
    throw invalid(`${field}.containers`, `at most ${MAX_CONTAINERS} containers are allowed, got ${containers.length}`);
  const names = containers.map((c) => String(c.name ?? ""));
  for (const [i, c] of containers.entries()) validateContainer(`${field}.containers[${i}]`, c, names, i);
  // A lone container without a port is served on 8080; with sidecars the ingress one must say so.
  if (kind === "service" && containers.length > 1 && containers.filter((c) => list(c.ports).length > 0).length !== 1) {
    throw invalid(`${field}.containers`, "Revision template should contain exactly one container with an exposed port.");
  }
}

function validateContainer(field: string, container: Json, names: string[], index: number): void {
  const name = names[index] as string;
  if (name !== "" && !DNS_LABEL.test(name))
    throw invalid(
      `${field}.name`,
      `${JSON.stringify(name)} must be a DNS label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`,
    );
  if (name !== "" && names.indexOf(name) !== index)
    throw invalid(`${field}.name`, `container name ${JSON.stringify(name)} is used more than once`);
  validatePorts(field, list(container.ports));
  for (const [j, dependency] of ((container.dependsOn ?? []) as string[]).entries()) {
    if (dependency === name) throw invalid(`${field}.dependsOn[${j}]`, "a container cannot depend on itself");
    if (dependency === "" || !names.includes(dependency))
      throw invalid(`${field}.dependsOn[${j}]`, `no container named ${JSON.stringify(dependency)} in this template`);
  }
  for (const probe of Object.keys(PROBE_MAX_SECONDS)) {
    if (isSet(container[probe])) validateProbe(`${field}.${probe}`, probe, container[probe] as Json);
  }
}

function validatePorts(field: string, ports: Json[]): void {
  if (ports.length > 1) throw invalid(`${field}.ports`, "ports should contain 0 or 1 port.");
  for (const [j, port] of ports.entries()) {
    checkRange(`${field}.ports[${j}].containerPort`, port.containerPort, 1, 65535);
    if (!PORT_NAMES.includes(String(port.name ?? "")))
      throw invalid(`${field}.ports[${j}].name`, `must be "http1" or "h2c", got ${JSON.stringify(port.name)}`);
  }
}

function validateProbe(field: string, kind: string, probe: Json): void {
  const types = PROBE_TYPES.filter((t) => isSet(probe[t]));
  if (types.length > 1) throw invalid(field, `only one of ${PROBE_TYPES.join(", ")} may be set, got ${types.join(" and ")}`);
  // The health-check docs offer TCP for startup probes only.
  if (kind === "livenessProbe" && isSet(probe.tcpSocket))
    throw invalid(`${field}.tcpSocket`, "liveness probes support httpGet and grpc only");
  const max = PROBE_MAX_SECONDS[kind] as number;
  checkRange(`${field}.initialDelaySeconds`, probe.initialDelaySeconds, 0, max);
  checkRange(`${field}.periodSeconds`, probe.periodSeconds, 1, max);
  checkRange(`${field}.timeoutSeconds`, probe.timeoutSeconds, 1, 3600);
  checkRange(`${field}.failureThreshold`, probe.failureThreshold, 1, Number.MAX_SAFE_INTEGER);
  // Unset fields take the documented defaults: timeout 1 s, period 10 s.
  const timeout = Number(probe.timeoutSeconds || 1);
  const period = Number(probe.periodSeconds || 10);
  if (timeout > period) throw invalid(`${field}.timeoutSeconds`, `must not exceed periodSeconds (${period})`);
  for (const type of types) checkRange(`${field}.${type}.port`, (probe[type] as Json).port, 1, 65535);
}

export function validateVolumes(field: string, template: Json): void {
  const volumes = new Map<string, Json>();
  list(template.volumes).forEach((volume, i) => {
    validateVolume(`${field}.volumes[${i}]`, volume, volumes);
    volumes.set(String(volume.name), volume);
  });
  for (const [i, c] of list(template.containers).entries()) validateMounts(`${field}.containers[${i}]`, list(c.volumeMounts), volumes);
}

function validateVolume(field: string, volume: Json, seen: Map<string, Json>): void {
  const name = volume.name;
  if (typeof name !== "string" || name === "") throw invalid(`${field}.name`, "required");
  if (!DNS_LABEL.test(name))
    throw invalid(
      `${field}.name`,
      `${JSON.stringify(name)} must be a DNS label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`,
    );
  if (seen.has(name)) throw invalid(`${field}.name`, `volume name ${JSON.stringify(name)} is used more than once`);
  const sources = VOLUME_SOURCES.filter((s) => isSet(volume[s]));
  if (sources.length !== 1) throw invalid(field, `exactly one of ${VOLUME_SOURCES.join(", ")} must be set, got ${sources.length}`);
  const secret = volume.secret as Json | undefined;
  if (secret && !secret.secret) throw invalid(`${field}.secret.secret`, "required");
  const bad = ((volume.cloudSqlInstance as Json | undefined)?.instances as string[] | undefined)?.filter(
    (instance) => instance.length > 97 || instance.endsWith("-") || !CLOUD_SQL_INSTANCE.test(instance),
  );
  if (bad?.length) {
    throw invalid(
      `${field}.cloudSqlInstance.instances`,
      `Invalid cloud sql instance names: [${bad.map((b) => `'${b}'`).join(", ")}]. Instance names must be 97 characters or less, matching [a-zA-Z0-9-]{1,}:[a-zA-Z0-9-]{1,}:[a-z][a-z0-9-]{0,}, and cannot end in an hyphen`,
    );
  }
}

function validateMounts(field: string, mounts: Json[], volumes: Map<string, Json>): void {
  const paths = new Set<string>();
  mounts.forEach((mount, j) => {
    const at = `${field}.volumeMounts[${j}]`;
    const volume = volumes.get(String(mount.name ?? ""));
    if (!mount.name) throw invalid(`${at}.name`, "required");
    if (!volume) throw invalid(`${at}.name`, `no volume named ${JSON.stringify(mount.name)} in the template's volumes`);
    // k8s.min.proto: a Cloud SQL mount path may be left empty, or must be /cloudsql.
    const cloudSql = isSet(volume.cloudSqlInstance);
    const path = String(mount.mountPath ?? "") || (cloudSql ? "/cloudsql" : "");
    if (path === "") throw invalid(`${at}.mountPath`, "required");
    if (cloudSql && path !== "/cloudsql")
      throw invalid(`${at}.mountPath`, `a Cloud SQL volume is mounted at /cloudsql (or with an empty path), got ${JSON.stringify(path)}`);
    if (!path.startsWith("/") || path.includes(":"))
      throw invalid(`${at}.mountPath`, `must be an absolute path without ':', got ${JSON.stringify(path)}`);
    if (paths.has(path)) throw invalid(`${at}.mountPath`, `${JSON.stringify(path)} is already a mount path of this container`);
    paths.add(path);
  });
}

export function validateVpcAccess(field: string, vpc: Json | undefined): void {
  if (!vpc || Object.keys(vpc).length === 0) return;
  const interfaces = list(vpc.networkInterfaces);
  if (vpc.connector && interfaces.length > 0)
    throw invalid(field, "set either connector (Serverless VPC Access) or networkInterfaces (Direct VPC egress), not both");
  if (!vpc.connector && interfaces.length === 0) throw invalid(field, "a connector or a network interface is required");
  if (interfaces.length > 1) throw invalid(`${field}.networkInterfaces`, "only a single network interface is supported");
  interfaces.forEach((nic, i) => {
    if (!nic.network && !nic.subnetwork)
      throw invalid(`${field}.networkInterfaces[${i}]`, "at least one of network or subnetwork must be specified");
  });
}

const durationSeconds = (value: JsonValue | undefined) => Number.parseFloat(String(value));

/** Service-only limits: the request timeout, concurrency and revision scaling. */
export function validateServing(field: string, template: Json): void {
  if (isSet(template.timeout)) {
    const seconds = durationSeconds(template.timeout);
    if (!(seconds > 0 && seconds <= 3600))
      throw invalid(`${field}.timeout`, `must be more than 0s and at most 3600s, got ${String(template.timeout)}`);
  }
  checkRange(`${field}.maxInstanceRequestConcurrency`, template.maxInstanceRequestConcurrency, 1, 1000);
  validateScaling(`${field}.scaling`, template.scaling as Json | undefined);
}

/** Revision and service scaling alike: counts are not negative, and a set maximum is not below the minimum. */
export function validateScaling(field: string, scaling: Json | undefined): void {
  if (!scaling) return;
  for (const key of ["minInstanceCount", "maxInstanceCount", "manualInstanceCount"])
    checkRange(`${field}.${key}`, scaling[key], 0, 2 ** 31 - 1);
  const min = Number(scaling.minInstanceCount ?? 0);
  const max = Number(scaling.maxInstanceCount ?? 0);
  if (max > 0 && min > max) throw invalid(`${field}.minInstanceCount`, `must not exceed maxInstanceCount (${max}), got ${min}`);
}

/**
 * Enum values the API does not define. The REST front end refuses them while parsing (codec.ts);
 * over gRPC they arrive as bare numbers, which Cloud Run refuses as invalid arguments too.
 */
export function validateEnums(field: string, typeName: string, json: Json): void {
  walkEnums(field, messageType(typeName), json);
}

function walkEnums(field: string, type: protobuf.Type, json: Json): void {
  for (const [key, value] of Object.entries(json)) {
    const spec = type.fields[key];
    if (!spec || value === null) continue;
    spec.resolve();
    const resolved = spec.resolvedType;
    const items = spec.map
      ? Object.entries(value as Json)
      : spec.repeated
        ? (value as JsonValue[]).map((v, i) => [String(i), v] as const)
        : [["", value] as const];
    for (const [index, item] of items) {
      const at = `${field}.${key}${index === "" ? "" : `[${index}]`}`;
      if (resolved instanceof protobuf.Enum && !(typeof item === "string" && item in resolved.values)) {
        throw invalid(at, `unknown ${resolved.name} value ${JSON.stringify(item)}`);
      }
      if (resolved instanceof protobuf.Type && !resolved.fullName.startsWith(".google.protobuf.")) walkEnums(at, resolved, item as Json);
    }
  }
}
