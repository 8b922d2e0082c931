// The Cloud Run service of an environment and the smoke checks run against it.
import { z } from "zod";
import { duration, email, intAtLeast, intRange, obj, requestPath, uniqueNames } from "./fields.js";
import { containerFields, containerName, sidecarSchema } from "./schema-container.js";
import { CLOUD_SQL_PATH, CLOUD_SQL_VOLUME, cloudSqlInstances, vpcSchema, volumeSchema } from "./schema-network.js";

const labelKey = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, "must be a label key: lowercase letters, digits, _ and -, start with a letter, at most 63 characters")
  .refine((key) => !key.startsWith("runway"), "is reserved: Runway records its release ledger in labels starting with runway");
const labelValue = z
  .string("must be a string")
  .regex(/^[a-z0-9_-]{0,63}$/, "must be a label value: lowercase letters, digits, _ and -, at most 63 characters");
const annotationKey = z
  .string()
  .regex(/^(?:[a-z0-9.-]{1,253}\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, "must be an annotation key such as example.com/owner")
  .refine((key) => !key.startsWith("runway.dev/"), "is reserved: Runway keeps its ledger in runway.dev/ annotations")
  .refine(
    (key) => !/^(?:run|serving\.knative|autoscaling\.knative)\.(?:googleapis\.com|dev)\//.test(key),
    "is a Cloud Run system annotation: use the first-class field instead",
  );

const scalingSchema = obj({
  "min-instances": intAtLeast(0).optional().describe("Instances per revision kept warm."),
  "max-instances": intAtLeast(1).optional().describe("Upper bound on instances per revision."),
  "service-min-instances": intAtLeast(0)
    .optional()
    .describe("Instances kept warm for the whole service, shared by the revisions that serve (survives a rollout)."),
}).superRefine((value, ctx) => {
  if (value.minInstances !== undefined && value.maxInstances !== undefined && value.minInstances > value.maxInstances) {
    ctx.addIssue({
      code: "custom",
      path: ["min-instances"],
      message: `must not be more than max-instances (${value.maxInstances})`,
      input: value.minInstances,
    });
  }
});

const binaryAuthorization = obj({
  "use-default": z.literal(true, "must be true").optional().describe("true: enforce the project's default policy. Set this or policy."),
  policy: z
    .string()
    .regex(/^projects\/[^/]+\/platforms\/cloudRun\/policies\/[^/]+$/, "must be projects/P/platforms/cloudRun/policies/NAME")
    .optional()
    .describe("A named policy instead of the default."),
  "breakglass-justification": z.string().min(1).optional().describe("Deploy despite the policy, with this reason (audited)."),
}).refine((b) => (b.useDefault === undefined) !== (b.policy === undefined), "set exactly one of use-default and policy");

/** Every field is optional: what the YAML leaves out is kept from the live service (or Cloud Run's default on a new one). */
const serviceShape = obj(
  {
    name: z
      .string()
      .regex(
        /^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$/,
        "must be a Cloud Run service id: lowercase letters, digits and hyphens, start with a letter, not end with a hyphen, at most 49 characters",
      )
      .describe("The Cloud Run service id. Required."),
    description: z.string().max(512).optional().describe("A description of the service, shown in the console. At most 512 characters."),
    labels: z
      .record(labelKey, labelValue)
      .optional()
      .describe(
        "Cloud Run labels on the service and its revisions, merged per key with the live ones. Keys starting with runway are reserved.",
      ),
    annotations: z
      .record(annotationKey, z.string())
      .optional()
      .describe(
        "Annotations on the service, e.g. example.com/owner, merged per key with the live ones. Not Cloud Run's run.googleapis.com/ ones (use the fields here) nor runway.dev/ ones.",
      ),
    "service-account": email()
      .optional()
      .describe("The service account the revisions run as. Cloud Run's default: the project's compute default account."),
    "container-name": containerName().optional().describe("The serving container's name: sidecars' depends-on refer to it by this name."),
    port: intRange(1, 65_535)
      .optional()
      .describe(
        "The port the serving container listens on (Cloud Run sets $PORT to it). Required with sidecars. Cloud Run's default: 8080.",
      ),
    http2: z.boolean("must be true or false").optional().describe("Serve end-to-end HTTP/2 (h2c) instead of HTTP/1."),
    ...containerFields,
    scaling: scalingSchema.optional().describe("How many instances run."),
    concurrency: intRange(1, 1000).optional().describe("Requests one instance serves at once. Cloud Run's default: 80."),
    timeout: duration({ min: "1s", max: "3600s" }).optional().describe("Request timeout, 1s to 3600s. Cloud Run's default: 300s."),
    ingress: z
      .enum(["all", "internal", "internal-and-cloud-load-balancing"])
      .optional()
      .describe("Who may reach the service. Cloud Run's default: all."),
    "execution-environment": z
      .enum(["gen1", "gen2"])
      .optional()
      .describe(
        "gen2: full Linux compatibility, network file systems (NFS, Cloud Storage volumes), faster CPU and network; gen1: faster cold starts.",
      ),
    "session-affinity": z
      .boolean("must be true or false")
      .optional()
      .describe("Send a client's requests to the same instance where possible."),
    "cloud-sql": cloudSqlInstances()
      .optional()
      .describe(
        `Cloud SQL instances (project:region:instance, at most 10), reachable as Unix sockets under ${CLOUD_SQL_PATH}/<connection name> in the serving container: Django's HOST is ${CLOUD_SQL_PATH}/project:region:instance.`,
      ),
    vpc: vpcSchema.optional().describe("Outbound traffic into a VPC: Direct VPC egress or a Serverless VPC Access connector."),
    volumes: z.array(volumeSchema).superRefine(uniqueNames("volume")).optional().describe("Volumes the containers mount."),
    sidecars: z
      .array(sidecarSchema)
      .superRefine(uniqueNames("sidecar"))
      .refine((sidecars) => sidecars.length <= 9, "must be at most 9 (Cloud Run allows 10 containers)")
      .meta({ maxItems: 9 })
      .optional()
      .describe(
        "Containers that run next to the serving one, e.g. a Cloud SQL Auth Proxy or an OpenTelemetry collector. `port` is required with them.",
      ),
    "custom-audiences": z
      .array(z.string().min(1))
      .optional()
      .describe("Extra audiences that ID tokens for this service may carry, e.g. a custom domain's URL."),
    "binary-authorization": binaryAuthorization.optional().describe("Require images to pass a Binary Authorization policy."),
    "invoker-iam-check": z
      .boolean("must be true or false")
      .optional()
      .describe(
        "false: anyone may invoke the service without IAM (a public site or API); true: callers need roles/run.invoker. Cloud Run's default: true.",
      ),
  },
  { millis: ["timeout"] },
);

type ServiceParsed = z.output<typeof serviceShape>;

/** Checks that join fields: a variable plain and secret, mounts naming volumes, depends-on naming sidecars. */
function serviceReferences(service: ServiceParsed, ctx: z.core.$RefinementCtx<ServiceParsed>) {
  const problem = (path: (string | number)[], message: string, input: unknown) => ctx.addIssue({ code: "custom", path, message, input });
  const volumes = new Set([...(service.volumes ?? []).map((v) => v.name), ...(service.cloudSql ? [CLOUD_SQL_VOLUME] : [])]);
  if (service.cloudSql && service.volumes?.some((v) => v.name === CLOUD_SQL_VOLUME))
    problem(["cloud-sql"], `also declared as volume "${CLOUD_SQL_VOLUME}": use one`, service.cloudSql);
  const cloudSqlVolumes = new Set([
    ...(service.volumes ?? []).filter((v) => v.cloudSql).map((v) => v.name),
    ...(service.cloudSql ? [CLOUD_SQL_VOLUME] : []),
  ]);
  const sidecars = new Set((service.sidecars ?? []).map((s) => s.name));
  service.sidecars?.forEach((sidecar, i) => {
    if (sidecar.name === service.containerName)
      problem(["sidecars", i, "name"], `is also the serving container's name (container-name): container names must differ`, sidecar.name);
  });
  // A container may depend on any other one; the serving container only by its declared name.
  const names = new Set([...sidecars, ...(service.containerName ? [service.containerName] : [])]);
  const containers: [(string | number)[], ContainerParts][] = [
    [[], service],
    ...(service.sidecars ?? []).map((s, i): [(string | number)[], ContainerParts] => [["sidecars", i], s]),
  ];
  for (const [at, container] of containers) {
    for (const name of Object.keys(container.secrets ?? {})) {
      if (name in (container.env ?? {}))
        problem([...at, "secrets", name], `${name} is also set in env: a variable is either plain or secret`, name);
    }
    container.mounts?.forEach((mount, i) => {
      if (!volumes.has(mount.volume))
        problem(
          [...at, "mounts", i, "volume"],
          `no volume named "${mount.volume}" (${[...volumes].join(", ") || "no volumes declared"})`,
          mount.volume,
        );
      // The serving container gets the cloud-sql shorthand's mount from Runway; Cloud Run mounts Cloud SQL only at /cloudsql.
      else if (!at.length && service.cloudSql && (mount.volume === CLOUD_SQL_VOLUME || mount.path === CLOUD_SQL_PATH))
        problem(
          [...at, "mounts", i],
          `cloud-sql already mounts its sockets at ${CLOUD_SQL_PATH} in the serving container: leave this mount out`,
          mount,
        );
      else if (cloudSqlVolumes.has(mount.volume) && mount.path !== CLOUD_SQL_PATH)
        problem([...at, "mounts", i, "path"], `must be ${CLOUD_SQL_PATH}: Cloud Run mounts a Cloud SQL volume only there`, mount.path);
    });
    container.dependsOn?.forEach((name, i) => {
      const own = at.length ? (container as { name?: string }).name : service.containerName;
      const others = [...names].filter((other) => other !== own);
      if (name === own) problem([...at, "depends-on", i], "a container cannot depend on itself", name);
      else if (!names.has(name))
        problem(
          [...at, "depends-on", i],
          `no other container named "${name}" (${others.length ? `containers: ${others.join(", ")}` : "no other containers declared"})`,
          name,
        );
    });
  }
  if (service.sidecars?.length && service.port === undefined)
    problem(["port"], "is required with sidecars: it tells Cloud Run which container serves", undefined);
}

type ContainerParts = Pick<ServiceParsed, "env" | "secrets" | "mounts" | "dependsOn">;

export const serviceSchema = serviceShape
  .superRefine(serviceReferences)
  .meta({ title: "Service", description: "The Cloud Run service that serves the app. Fields left out keep their live value." });

const check = obj(
  {
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, "must be lowercase letters, digits and hyphens, starting with a letter")
      .describe("Required; unique."),
    path: requestPath().describe('The path to request, starting with "/". Required.'),
    "expect-status": intRange(100, 599).default(200).describe("The status the response must have. Default: 200."),
    "body-match": z
      .string()
      .superRefine((pattern, ctx) => {
        try {
          new RegExp(pattern);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: `is not a valid regular expression: ${(error as Error).message}`, input: pattern });
        }
      })
      .optional()
      .describe("A JavaScript regular expression the body must match."),
    timeout: duration({ min: "1ms", max: "60s" }).prefault("5s").describe("Time limit of one request, at most 60s. Default: 5s."),
    retries: intRange(0, 10).default(2).describe("Retries before the check fails. Default: 2."),
  },
  { millis: ["timeout"] },
);

export const checksSchema = z
  .array(check)
  .superRefine(uniqueNames("check"))
  .prefault([{ name: "health", path: "/" }])
  .meta({
    title: "Smoke checks",
    description: "Requests made to a new revision before and during the rollout. Default: one check `health` of / expecting 200.",
  });
