// The parts of a Cloud Run container the environment may declare: resources, probes, mounts,
// and sidecars. Every field is optional: what the YAML leaves out is kept from the live service
// (or Cloud Run's default on a new one), never reset by Runway.
import { z } from "zod";
import { cpu, duration, envMap, intRange, memory, obj, requestPath } from "./fields.js";

// Cloud Run sets these itself and refuses them in a container spec.
export const SERVICE_RESERVED = ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"];

/** A container name: a DNS-1123 label, as Cloud Run requires. */
export const containerName = () =>
  z
    .string()
    .regex(
      /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      "must be a container name: lowercase letters, digits and hyphens, at most 63 characters",
    );

export const secretRef = obj({
  secret: z
    .string()
    .regex(
      /^(?:projects\/[a-z0-9-]+\/secrets\/)?[A-Za-z0-9_-]{1,255}$/,
      "must be a Secret Manager secret id or projects/<project>/secrets/<id>",
    )
    .describe("The Secret Manager secret. Required."),
  version: z
    .string()
    .regex(/^(?:latest|[1-9]\d*)$/, 'must be "latest" or a version number')
    .default("latest")
    .describe('Default: "latest".'),
});

export const secretsMap = () =>
  z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a variable name"), secretRef)
    .describe("Environment variables read from Secret Manager: NAME: {secret, version}. Values never appear in Runway's output.");

export const resourcesSchema = obj({
  cpu: cpu().optional().describe('CPU per instance, e.g. "1", "2", "0.5", "1000m".'),
  memory: memory().optional().describe('Memory per instance, e.g. "512Mi", "1Gi".'),
  "cpu-idle": z
    .boolean("must be true or false")
    .optional()
    .describe("true: CPU only during requests (cheaper); false: CPU always allocated (background work, Celery beats)."),
  "startup-cpu-boost": z
    .boolean("must be true or false")
    .optional()
    .describe("More CPU while an instance starts (faster Django cold starts)."),
});

const port = () => intRange(1, 65_535);

/** Exactly one way to probe; the check is here so that the message names the probe. */
const probeKinds = ["http", "tcp", "grpc"] as const;
/** Cloud Run's default probe period: a declared probe replaces the live one whole, so a period left out is this. */
const DEFAULT_PERIOD_MS = 10_000;

/**
 * A startup or liveness probe. Cloud Run allows a startup probe's initial delay and period up to
 * 240s and a liveness probe's up to 3600s; liveness probes are HTTP or gRPC only.
 */
const probe = (kind: "startup" | "liveness") => {
  const max = kind === "startup" ? "240s" : "3600s";
  return obj(
    {
      http: obj({
        path: requestPath().default("/").describe('The path to GET. Default: "/".'),
        port: port().optional().describe("Default: the serving port."),
        headers: z.record(z.string(), z.string()).optional().describe("Extra request headers."),
      })
        .optional()
        .describe("An HTTP GET; any status from 200 to 399 passes."),
      tcp: obj({ port: port().optional().describe("Default: the serving port.") })
        .optional()
        .describe("A TCP connection that opens (startup probes only)."),
      grpc: obj({
        port: port().optional().describe("Default: the serving port."),
        service: z.string().optional().describe("The gRPC health service name."),
      })
        .optional()
        .describe("A gRPC health check."),
      "initial-delay": duration({ max }).optional().describe(`Wait before the first probe, at most ${max}. Cloud Run's default: 0s.`),
      period: duration({ min: "1s", max }).optional().describe(`Time between probes, 1s to ${max}. Cloud Run's default: 10s.`),
      timeout: duration({ min: "1s", max })
        .optional()
        .describe("Time limit of one probe, from 1s; not more than period. Cloud Run's default: 1s."),
      "failure-threshold": intRange(1, 1000)
        .optional()
        .describe(
          kind === "startup"
            ? "Failures in a row before the instance counts as failed to start. Cloud Run's default: 3."
            : "Failures in a row before the instance is restarted. Cloud Run's default: 3.",
        ),
    },
    { millis: ["initial-delay", "period", "timeout"] },
  ).superRefine((probe, ctx) => {
    const kinds = probeKinds.filter((k) => probe[k] !== undefined);
    if (kinds.length !== 1) {
      const message = kinds.length
        ? `sets ${kinds.join(" and ")}: choose one`
        : `needs one of ${kind === "startup" ? "http, tcp or grpc" : "http or grpc"}`;
      ctx.addIssue({ code: "custom", message, input: probe });
    }
    if (kind === "liveness" && probe.tcp !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["tcp"],
        message: "is for startup probes only: a liveness probe is http or grpc",
        input: probe.tcp,
      });
    }
    if (probe.timeoutMs !== undefined && probe.timeoutMs > (probe.periodMs ?? DEFAULT_PERIOD_MS)) {
      const message =
        probe.periodMs === undefined
          ? "must not be more than period, which is 10s when left out: set period too"
          : "must not be more than period";
      ctx.addIssue({ code: "custom", path: ["timeout"], message, input: probe.timeoutMs });
    }
  });
};
export const probeSchema = probe("startup");
export const livenessProbeSchema = probe("liveness");

export const mountSchema = obj({
  volume: z.string().describe("The name of a volume in `volumes`; a sidecar may also mount `cloudsql`, the `cloud-sql` sockets. Required."),
  path: z
    .string()
    .regex(/^\/[^\s]*$/, 'must be an absolute path, starting with "/"')
    .describe("Where the volume appears in the container: an absolute path (/cloudsql for Cloud SQL). Required."),
  "sub-path": z.string().optional().describe("Mount only this path inside the volume."),
});

export const mountsSchema = () =>
  z.array(mountSchema).superRefine((mounts, ctx) => {
    const seen = new Set<string>();
    mounts.forEach((mount, i) => {
      if (seen.has(mount.path))
        ctx.addIssue({ code: "custom", path: [i, "path"], message: `${mount.path} is mounted twice in this container`, input: mount.path });
      seen.add(mount.path);
    });
  });

/** What the serving container and a sidecar both may declare. */
export const containerFields = {
  command: z.array(z.string()).optional().describe("Overrides the image's entrypoint."),
  args: z.array(z.string()).optional().describe("Arguments to the command."),
  env: envMap(SERVICE_RESERVED).optional().describe("Plain environment variables. Never put credentials here: use secrets."),
  secrets: secretsMap().optional(),
  resources: resourcesSchema.optional().describe("CPU and memory of the container."),
  mounts: mountsSchema().optional().describe("Volumes mounted in this container."),
  "startup-probe": probeSchema
    .optional()
    .describe("When an instance counts as started: http, tcp or grpc. Cloud Run's default is a TCP probe on the port."),
  "liveness-probe": livenessProbeSchema.optional().describe("Restarts an instance that stops answering: http or grpc."),
  "depends-on": z
    .array(containerName())
    .optional()
    .describe(
      "Containers that must start (and pass their startup probe) before this one: sidecar names, or the container-name of the serving container.",
    ),
};

export const sidecarSchema = obj(
  {
    name: containerName().describe("The container name; unique. Required."),
    image: z
      .string()
      .min(1, "is required")
      .regex(/^\S+$/, "must be an image reference without spaces")
      .describe("The sidecar's own image (e.g. an OpenTelemetry collector). It does not follow the release. Required."),
    ...containerFields,
  },
  { hints: { port: "only the serving container has a port; a sidecar listens on localhost" } },
);
