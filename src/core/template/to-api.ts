// The environment's declared values in Cloud Run's terms, one small function per part. Each
// returns undefined for what the YAML leaves out, which the merge then keeps from the live
// service. src/core/template/from-api.ts is the inverse, for `runway import`.
import type { protos } from "@google-cloud/run";
import type { Mount, Probe, SecretRef, Service as Spec, Volume, Vpc } from "../config/types.js";
import { CLOUD_SQL_PATH, CLOUD_SQL_VOLUME } from "../config/schema-network.js";

export type Template = protos.google.cloud.run.v2.IRevisionTemplate;
export type Container = protos.google.cloud.run.v2.IContainer;
export type EnvVar = protos.google.cloud.run.v2.IEnvVar;
export type ApiVolume = protos.google.cloud.run.v2.IVolume;
export type VolumeMount = protos.google.cloud.run.v2.IVolumeMount;
export type ApiProbe = protos.google.cloud.run.v2.IProbe;
export type RunService = protos.google.cloud.run.v2.IService;

export const INGRESS = {
  all: "INGRESS_TRAFFIC_ALL",
  internal: "INGRESS_TRAFFIC_INTERNAL_ONLY",
  "internal-and-cloud-load-balancing": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
} as const;
export const EXECUTION = { gen1: "EXECUTION_ENVIRONMENT_GEN1", gen2: "EXECUTION_ENVIRONMENT_GEN2" } as const;
export const EGRESS = { "all-traffic": "ALL_TRAFFIC", "private-ranges-only": "PRIVATE_RANGES_ONLY" } as const;

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

/** Plain and secret variables as one env list, sorted by name. */
export function envList(env: Record<string, string> | undefined, secrets: Record<string, SecretRef> | undefined): EnvVar[] {
  return [
    ...Object.entries(env ?? {}).map(([name, value]) => ({ name, value })),
    ...Object.entries(secrets ?? {}).map(([name, s]) => ({
      name,
      valueSource: { secretKeyRef: { secret: s.secret, version: s.version } },
    })),
  ].sort((a, b) => a.name.localeCompare(b.name));
}

export function probeOf(probe: Probe | undefined): ApiProbe | undefined {
  if (!probe) return undefined;
  return {
    ...(probe.initialDelayMs !== undefined ? { initialDelaySeconds: seconds(probe.initialDelayMs) } : {}),
    ...(probe.periodMs !== undefined ? { periodSeconds: seconds(probe.periodMs) } : {}),
    ...(probe.timeoutMs !== undefined ? { timeoutSeconds: seconds(probe.timeoutMs) } : {}),
    ...(probe.failureThreshold !== undefined ? { failureThreshold: probe.failureThreshold } : {}),
    ...(probe.http
      ? {
          httpGet: {
            path: probe.http.path,
            port: probe.http.port ?? 0,
            httpHeaders: Object.entries(probe.http.headers ?? {}).map(([name, value]) => ({ name, value })),
          },
        }
      : {}),
    ...(probe.tcp ? { tcpSocket: { port: probe.tcp.port ?? 0 } } : {}),
    ...(probe.grpc ? { grpc: { port: probe.grpc.port ?? 0, service: probe.grpc.service ?? "" } } : {}),
  };
}

export function mountOf(mount: Mount): VolumeMount {
  return { name: mount.volume, mountPath: mount.path, ...(mount.subPath ? { subPath: mount.subPath } : {}) };
}

export function volumeOf(volume: Volume): ApiVolume {
  const { name } = volume;
  if (volume.secret)
    return {
      name,
      secret: { secret: volume.secret.secret, items: (volume.secret.items ?? []).map((i) => ({ path: i.path, version: i.version })) },
    };
  if (volume.cloudStorage)
    return {
      name,
      gcs: {
        bucket: volume.cloudStorage.bucket,
        readOnly: volume.cloudStorage.readOnly ?? false,
        mountOptions: volume.cloudStorage.mountOptions ?? [],
      },
    };
  if (volume.nfs) return { name, nfs: { server: volume.nfs.server, path: volume.nfs.path, readOnly: volume.nfs.readOnly ?? false } };
  if (volume.cloudSql) return { name, cloudSqlInstance: { instances: volume.cloudSql } };
  return { name, emptyDir: { medium: "MEMORY", ...(volume.inMemory?.sizeLimit ? { sizeLimit: volume.inMemory.sizeLimit } : {}) } };
}

/** The declared volumes, with the `cloud-sql` shorthand as the volume gcloud would make. */
export function declaredVolumes(spec: Spec): ApiVolume[] | undefined {
  const volumes = (spec.volumes ?? []).map(volumeOf);
  if (spec.cloudSql) volumes.push({ name: CLOUD_SQL_VOLUME, cloudSqlInstance: { instances: spec.cloudSql } });
  return spec.volumes || spec.cloudSql ? volumes : undefined;
}

/** The serving container's mounts, with the `cloud-sql` shorthand's mount. */
export function servingMounts(spec: Spec): VolumeMount[] | undefined {
  const mounts = (spec.mounts ?? []).map(mountOf);
  if (spec.cloudSql) mounts.push({ name: CLOUD_SQL_VOLUME, mountPath: CLOUD_SQL_PATH });
  return spec.mounts || spec.cloudSql ? mounts : undefined;
}

export function vpcOf(vpc: Vpc | undefined, live: protos.google.cloud.run.v2.IVpcAccess | null | undefined) {
  if (!vpc) return undefined;
  const egress = vpc.egress ? EGRESS[vpc.egress] : live?.egress;
  if (vpc.connector) return { connector: vpc.connector, ...(egress ? { egress } : {}) };
  const nic = {
    ...(vpc.network ? { network: vpc.network } : {}),
    ...(vpc.subnetwork ? { subnetwork: vpc.subnetwork } : {}),
    ...(vpc.tags ? { tags: vpc.tags } : {}),
  };
  return { networkInterfaces: [nic], ...(egress ? { egress } : {}) };
}
