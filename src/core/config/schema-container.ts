// The parts of a Cloud Run container the environment may declare: resources, probes, mounts,
// and sidecars. Every field is optional: what the YAML leaves out is kept from the live service
// (or Cloud Run's default on a new one), never reset by Runway.
import { z } from "zod";
import { cpu, duration, envMap, intAtLeast, intRange, memory, obj, requestPath } from "./fields.js";

// Cloud Run sets these itself and refuses them in a container spec.
export const SERVICE_RESERVED = ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"];

/** A container name: a DNS-1123 label, as Cloud Run requires. */
export const containerName = () =>
  z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a container name: lowercase letters, digits and hyphens, at most 63 characters");

export const secretRef = obj({
  secret: z
    .string()
    .regex(/^(?:projects\/[a-z0-9-]+\/secrets\/)?[A-Za-z0-9_-]{1,255}$/, "must be a Secret Manager secret id or projects/<project>/secrets/<id>")
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
  "startup-cpu-boost": z.boolean("must be true or false").optional().describe("More CPU while an instance starts (faster Django cold starts)."),
});

const port = () => intRange(1, 65_535);

/** Exactly one way to probe; the check is here so that the message names the probe. */
const probeKinds = ["http", "tcp", "grpc"] as const;
// Ranges from the Probe message's comments (k8s.min.proto): a startup probe's delay and period
// are at most 240s, a liveness probe's 3600s.
const probeSchema = (max: "240s" | "3600s") => obj(
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
      .describe("A TCP connection that opens."),
    grpc: obj({
      port: port().optional().describe("Default: the serving port."),
      service: z.string().optional().describe("The gRPC health service name."),
    })
      .optional()
      .describe("A gRPC health check."),
    "initial-delay": duration({ max }).optional().describe(`Wait before the first probe, at most ${max}.`),
    period: duration({ min: "1s", max }).optional().describe(`Time between probes, 1s to ${max}. Cloud Run's default: 10s.`),
    timeout: duration({ min: "1s", max: "3600s" }).optional().describe("Time limit of one probe, at least 1s and not more than period. Cloud Run's default: 1s."),
    "failure-threshold": intAtLeast(1).optional().describe("Failures in a row before the instance is restarted (or, at startup, fails). Cloud Run's default: 3."),
  },
  { millis: ["initial-delay", "period", "timeout"] },
).superRefine((probe, ctx) => {
  const kinds = probeKinds.filter((kind) => probe[kind] !== undefined);
  if (kinds.length !== 1) {
    const message = kinds.length ? `sets ${kinds.join(" and ")}: choose one` : "needs one of http, tcp or grpc";
    ctx.addIssue({ code: "custom", message, input: probe });
  }
  if (probe.timeoutMs !== undefined && probe.periodMs !== undefined && probe.timeoutMs > probe.periodMs) {
    ctx.addIssue({ code: "custom", path: ["timeout"], message: "must not be more than period", input: probe.timeoutMs });
  }
});

export const mountSchema = obj({
  volume: z.string().describe("The name of a volume in `volumes` (or cloudsql for `cloud-sql`). Required."),
  path: z
    .string()
    .regex(/^\/[^\s]*$/, 'must be an absolute path, starting with "/"')
    .describe("Where the volume appears in the container. Required."),
  "sub-path": z.string().optional().describe("Mount only this path inside the volume."),
});

export const mountsSchema = () =>
  z.array(mountSchema).superRefine((mounts, ctx) => {
    const seen = new Set<string>();
    mounts.forEach((mount, i) => {
      if (seen.has(mount.path)) ctx.addIssue({ code: "custom", path: [i, "path"], message: `${mount.path} is mounted twice in this container`, input: mount.path });
      seen.add(mount.path);
    });
  });

/** What the serving container and a sidecar both may declare. */
export const containerFields = {
  command: z.array(z.string()).optional().describe("Overrides the image's entrypoint."),
  args: z.array(z.string()).optional().describe("Arguments to the command."),
  env: envMap(SERVICE_RESERVED).optional().describe("Plain environment variables. Never put credentials here: use secrets."),
  secrets: secretsMap().optional(),
  resources: resourcesSchema.optional(),
  mounts: mountsSchema().optional().describe("Volumes mounted in this container."),
  "startup-probe": probeSchema("240s").optional().describe("When an instance counts as started. Cloud Run's default is a TCP probe on the port."),
  "liveness-probe": probeSchema("3600s").optional().describe("Restarts an instance that stops answering."),
  "depends-on": z.array(containerName()).optional().describe("Containers (sidecar names) that must start before this one."),
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
