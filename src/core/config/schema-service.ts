// The Cloud Run service of an environment and the smoke checks run against it.
import { z } from "zod";
import { cpu, duration, email, envMap, intAtLeast, intRange, memory, obj, requestPath, uniqueNames } from "./fields.js";

// Cloud Run sets these itself and refuses them in a container spec.
const SERVICE_RESERVED = ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"];

const secretRef = obj({
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

const labelKey = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, "must be a label key: lowercase letters, digits, _ and -, start with a letter, at most 63 characters")
  .refine((key) => !key.startsWith("runway"), "is reserved: Runway records its release ledger in labels starting with runway");
const labelValue = z
  .string("must be a string")
  .regex(/^[a-z0-9_-]{0,63}$/, "must be a label value: lowercase letters, digits, _ and -, at most 63 characters");

export const serviceSchema = obj(
  {
    name: z
      .string()
      .regex(
        /^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$/,
        "must be a Cloud Run service id: lowercase letters, digits and hyphens, start with a letter, not end with a hyphen, at most 49 characters",
      )
      .describe("The Cloud Run service id. Required."),
    "service-account": email()
      .optional()
      .describe("The service account the revisions run as. Default: the project's compute default account."),
    port: intRange(1, 65_535).default(8080).describe("The port the container listens on. Default: 8080."),
    command: z.array(z.string()).optional().describe("Overrides the image's entrypoint."),
    args: z.array(z.string()).optional().describe("Arguments to the command."),
    env: envMap(SERVICE_RESERVED).default({}).describe("Plain environment variables. Never put credentials here: use secrets."),
    secrets: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a variable name"), secretRef)
      .default({})
      .describe("Environment variables read from Secret Manager: NAME: {secret, version}."),
    resources: obj({
      cpu: cpu().default("1").describe('CPU per instance. Default: "1".'),
      memory: memory().default("512Mi").describe('Memory per instance. Default: "512Mi".'),
      "cpu-idle": z.boolean("must be true or false").default(true).describe("Throttle CPU outside requests (cheaper). Default: true."),
    }).prefault({}),
    scaling: obj({
      "min-instances": intAtLeast(0).default(0).describe("Instances kept warm. Default: 0."),
      "max-instances": intAtLeast(1).default(100).describe("Upper bound on instances. Default: 100."),
    })
      .superRefine((value, ctx) => {
        if (value.minInstances > value.maxInstances) {
          ctx.addIssue({
            code: "custom",
            path: ["min-instances"],
            message: `must not be more than max-instances (${value.maxInstances})`,
            input: value.minInstances,
          });
        }
      })
      .prefault({}),
    concurrency: intRange(1, 1000).default(80).describe("Requests one instance serves at once. Default: 80."),
    timeout: duration({ min: "1s", max: "3600s" }).prefault("300s").describe("Request timeout, 1s to 3600s. Default: 300s."),
    ingress: z
      .enum(["all", "internal", "internal-and-cloud-load-balancing"])
      .default("all")
      .describe("Who may reach the service. Default: all."),
    labels: z.record(labelKey, labelValue).default({}).describe("Cloud Run labels. Keys starting with runway are reserved."),
  },
  { millis: ["timeout"] },
)
  .superRefine((service, ctx) => {
    for (const name of Object.keys(service.secrets)) {
      if (name in service.env) {
        ctx.addIssue({
          code: "custom",
          path: ["secrets", name],
          message: `${name} is also set in service.env: a variable is either plain or secret`,
          input: name,
        });
      }
    }
  })
  .meta({ title: "Service", description: "The Cloud Run service that serves the app." });

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
