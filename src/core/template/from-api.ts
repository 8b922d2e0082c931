// The inverse of to-api.ts, for `runway import`: a live service as the YAML service block that
// declares it. What the YAML cannot say exactly (a secret file's mode, a medium other than
// memory) is left out, so it stays as it is: an import never makes a deploy change a field.
import { CLOUD_SQL_PATH, CLOUD_SQL_VOLUME } from "../config/schema-network.js";
import { isRunwayKey, servingIndex } from "./merge.js";
import { type ApiProbe, type ApiVolume, type Container, EGRESS, EXECUTION, INGRESS, type RunService, type VolumeMount } from "./to-api.js";

type Yaml = Record<string, unknown>;

const reverse = <T extends Record<string, string>>(map: T) =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k])) as Record<string, string>;
const nonEmpty = <T>(value: T | null | undefined): value is T =>
  value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && value !== "" && value !== 0;
/** Only the keys whose value says something: proto3 cannot tell an empty value from an absent one. */
const compact = (value: Yaml): Yaml =>
  Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) => nonEmpty(v) && !(typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0),
    ),
  );
const seconds = (value: unknown) => (nonEmpty(value) && Number(value) > 0 ? `${Number(value)}s` : undefined);
const SYSTEM_ANNOTATION = /^(?:run|serving\.knative|autoscaling\.knative|client\.knative)\.(?:googleapis\.com|dev)\//;

function probeYaml(probe: ApiProbe | null | undefined): Yaml | undefined {
  if (!probe) return undefined;
  const port = (p: number | null | undefined) => (p ? { port: p } : {});
  const kind = probe.httpGet
    ? {
        http: compact({
          path: probe.httpGet.path || "/",
          ...port(probe.httpGet.port),
          headers: Object.fromEntries((probe.httpGet.httpHeaders ?? []).map((h) => [h.name, h.value ?? ""])),
        }),
      }
    : probe.grpc
      ? { grpc: compact({ ...port(probe.grpc.port), service: probe.grpc.service }) }
      : probe.tcpSocket
        ? { tcp: compact({ ...port(probe.tcpSocket.port) }) }
        : undefined;
  if (!kind) return undefined;
  return compact({
    ...kind,
    "initial-delay": seconds(probe.initialDelaySeconds),
    period: seconds(probe.periodSeconds),
    timeout: seconds(probe.timeoutSeconds),
    "failure-threshold": probe.failureThreshold,
  });
}

function envYaml(c: Container): { env?: Yaml; secrets?: Yaml } {
  const env: Yaml = {};
  const secrets: Yaml = {};
  for (const item of c.env ?? []) {
    const ref = item.valueSource?.secretKeyRef;
    if (ref) secrets[String(item.name)] = { secret: ref.secret, version: ref.version || "latest" };
    else env[String(item.name)] = item.value ?? "";
  }
  return { ...(Object.keys(env).length ? { env } : {}), ...(Object.keys(secrets).length ? { secrets } : {}) };
}

/** A volume as YAML, or undefined when the YAML cannot say it exactly (then it is kept, not declared). */
function volumeYaml(v: ApiVolume): Yaml | undefined {
  const name = v.name;
  if (v.secret) {
    if (v.secret.defaultMode || v.secret.items?.some((i) => i.mode)) return undefined;
    const items = (v.secret.items ?? []).map((i) => ({ path: i.path, version: i.version || "latest" }));
    return { name, secret: { secret: v.secret.secret, ...(items.length ? { items } : {}) } };
  }
  if (v.gcs)
    return {
      name,
      "cloud-storage": compact({ bucket: v.gcs.bucket, "read-only": v.gcs.readOnly || undefined, "mount-options": v.gcs.mountOptions }),
    };
  if (v.nfs) return { name, nfs: compact({ server: v.nfs.server, path: v.nfs.path, "read-only": v.nfs.readOnly || undefined }) };
  if (v.cloudSqlInstance) return { name, "cloud-sql": v.cloudSqlInstance.instances ?? [] };
  if (v.emptyDir && (!v.emptyDir.medium || v.emptyDir.medium === "MEMORY"))
    return { name, "in-memory": compact({ "size-limit": v.emptyDir.sizeLimit }) };
  return undefined;
}

function containerYaml(c: Container, declared: Set<string>, skipMount: (m: VolumeMount) => boolean = () => false): Yaml {
  const limits = c.resources?.limits ?? {};
  const mounts = (c.volumeMounts ?? []).filter((m) => declared.has(String(m.name)) && !skipMount(m));
  return compact({
    command: c.command,
    args: c.args,
    ...envYaml(c),
    resources: compact({
      cpu: limits.cpu,
      memory: limits.memory,
      "cpu-idle": c.resources?.cpuIdle || undefined,
      "startup-cpu-boost": c.resources?.startupCpuBoost || undefined,
    }),
    mounts: mounts.map((m) => compact({ volume: m.name, path: m.mountPath, "sub-path": m.subPath })),
    "startup-probe": probeYaml(c.startupProbe),
    "liveness-probe": probeYaml(c.livenessProbe),
    "depends-on": c.dependsOn,
  });
}

/** The `cloud-sql` shorthand applies to the volume gcloud makes: "cloudsql", mounted at /cloudsql in the serving container. */
function cloudSqlShorthand(volumes: ApiVolume[], serving: Container | undefined): string[] | undefined {
  const volume = volumes.find((v) => v.name === CLOUD_SQL_VOLUME && v.cloudSqlInstance);
  const mounted = serving?.volumeMounts?.some((m) => m.name === CLOUD_SQL_VOLUME && m.mountPath === CLOUD_SQL_PATH && !m.subPath);
  return volume && mounted ? (volume.cloudSqlInstance?.instances ?? undefined) : undefined;
}

function vpcYaml(service: RunService): Yaml | undefined {
  const vpc = service.template?.vpcAccess;
  if (!vpc || (!vpc.connector && !vpc.networkInterfaces?.length)) return undefined;
  const egress = vpc.egress ? reverse(EGRESS)[vpc.egress] : undefined;
  if (vpc.connector) return compact({ connector: vpc.connector, egress });
  const nic = vpc.networkInterfaces?.[0] ?? {};
  return compact({ network: nic.network, subnetwork: nic.subnetwork, tags: nic.tags, egress });
}

/** Labels on both the service and its template with the same value: what `labels:` declares. */
function sharedLabels(service: RunService): Yaml {
  const template = service.template?.labels ?? {};
  return Object.fromEntries(Object.entries(service.labels ?? {}).filter(([k, v]) => !isRunwayKey(k) && template[k] === v));
}

/** The service block of an environment file that declares `service` as it is live. */
export function serviceYaml(service: RunService): Yaml {
  const t = service.template ?? {};
  const containers = t.containers ?? [];
  const serving = containers[servingIndex(containers)];
  const volumes = (t.volumes ?? []).map((v) => ({ v, yaml: volumeYaml(v) }));
  const cloudSql = cloudSqlShorthand(t.volumes ?? [], serving);
  const declaredVolumes = volumes.filter(({ v, yaml }) => yaml && !(cloudSql && v.name === CLOUD_SQL_VOLUME));
  const names = new Set([...declaredVolumes.map(({ v }) => String(v.name)), ...(cloudSql ? [CLOUD_SQL_VOLUME] : [])]);
  const port = serving?.ports?.[0];
  const binauthz = service.binaryAuthorization;
  return compact({
    name: String(service.name).split("/").pop(),
    description: service.description,
    labels: sharedLabels(service),
    annotations: Object.fromEntries(
      Object.entries(service.annotations ?? {}).filter(([k]) => !isRunwayKey(k) && !SYSTEM_ANNOTATION.test(k)),
    ),
    "service-account": t.serviceAccount,
    "container-name": serving?.name,
    port: port?.containerPort,
    http2: port?.name === "h2c" || undefined,
    ...(serving ? containerYaml(serving, names, (m) => !!cloudSql && m.name === CLOUD_SQL_VOLUME && m.mountPath === CLOUD_SQL_PATH) : {}),
    scaling: compact({
      "min-instances": t.scaling?.minInstanceCount,
      "max-instances": t.scaling?.maxInstanceCount,
      "service-min-instances": service.scaling?.minInstanceCount,
    }),
    concurrency: t.maxInstanceRequestConcurrency,
    timeout: seconds(t.timeout?.seconds),
    ingress: service.ingress ? reverse(INGRESS)[service.ingress] : undefined,
    "execution-environment": t.executionEnvironment ? reverse(EXECUTION)[t.executionEnvironment] : undefined,
    "session-affinity": t.sessionAffinity || undefined,
    "cloud-sql": cloudSql,
    vpc: vpcYaml(service),
    volumes: declaredVolumes.map(({ yaml }) => yaml),
    sidecars: containers.filter((c) => c !== serving && c.name).map((c) => ({ name: c.name, image: c.image, ...containerYaml(c, names) })),
    "custom-audiences": service.customAudiences,
    "binary-authorization":
      binauthz?.useDefault || binauthz?.policy
        ? compact({
            "use-default": binauthz.useDefault || undefined,
            policy: binauthz.policy,
            "breakglass-justification": binauthz.breakglassJustification,
          })
        : undefined,
    "invoker-iam-check": service.invokerIamDisabled ? false : undefined,
  });
}
