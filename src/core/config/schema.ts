// The schema of environments/<name>.yaml. Each part checks what it can see on its own; the
// checks that join parts (a rollout step naming a smoke check, a schedule naming a batch job)
// run here, once every part is valid.
import { z } from "zod";
import { environmentName, obj } from "./fields.js";
import { batchSchema, migrationsSchema, schedulesSchema } from "./schema-batch.js";
import { type AnalysisSpec, resolveAnalysis } from "./schema-analysis.js";
import { freezeSchema, notifySchema, rolloutSchema } from "./schema-policy.js";
import { checksSchema, serviceSchema } from "./schema-service.js";

const environmentShape = obj({
  name: environmentName().describe("The environment's name; must equal the file name without .yaml. Required."),
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "must be a GCP project id: 6-30 lowercase letters, digits and hyphens, starting with a letter")
    .describe("The Google Cloud project id. Required."),
  region: z
    .string()
    .regex(/^[a-z]+-[a-z]+[0-9]+$/, "must be a Cloud Run region such as asia-northeast3")
    .describe("The Cloud Run region. Required."),
  "promotes-from": environmentName()
    .optional()
    .describe("The environment whose deployed image digest this one receives. Omit for the first environment."),
  "require-digest": z
    .boolean("must be true or false")
    .default(true)
    .describe("Accept images only by digest (@sha256:...), so that what was tested is what runs. Default: true."),
  service: serviceSchema,
  checks: checksSchema,
  rollout: rolloutSchema,
  migrations: migrationsSchema.optional(),
  batch: batchSchema,
  schedules: schedulesSchema,
  freeze: freezeSchema,
  notify: notifySchema,
});

type Parsed = z.output<typeof environmentShape>;

function crossReferences(env: Parsed, ctx: z.core.$RefinementCtx<Parsed>) {
  const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message, input: undefined });
  if (env.promotesFrom === env.name) problem(["promotes-from"], "an environment cannot promote from itself");
  const checkNames = new Set(env.checks.map((check) => check.name));
  env.rollout.steps.forEach((step, i) => {
    step.checks?.forEach((name, j) => {
      if (!checkNames.has(name))
        problem(["rollout", "steps", i, "checks", j], `no check named "${name}" in checks (${[...checkNames].join(", ") || "none"})`);
    });
  });
  const jobNames = new Set(env.batch.map((job) => job.name));
  env.schedules.forEach((schedule, i) => {
    if ("batch" in schedule.target && !jobNames.has(schedule.target.batch)) {
      problem(
        ["schedules", i, "target", "batch"],
        `no batch job named "${schedule.target.batch}" (${[...jobNames].join(", ") || "batch is empty"})`,
      );
    }
  });
  if (env.migrations && jobNames.has(env.migrations.job)) {
    problem(["migrations", "job"], `"${env.migrations.job}" is also a batch job; the migration job needs its own name`);
  }
}

/** Fills in what depends on other parts: a step without `checks` runs every check. */
function resolveDefaults(env: Parsed) {
  const all = env.checks.map((check) => check.name);
  const { analysis, bake, ...rollout } = env.rollout;
  const steps = rollout.steps.map((step) => ({ ...step, checks: step.checks ?? all, analysis: resolveAnalysis(analysis, step.analysis) }));
  // The bake's thresholds default to the rollout's, as a step's do.
  const baked = bake && { durationMs: bake.durationMs, analysis: resolveAnalysis(analysis, bake) as AnalysisSpec };
  return { ...env, rollout: { ...rollout, steps, bake: baked } };
}

export const environmentSchema = environmentShape.superRefine(crossReferences).transform(resolveDefaults).meta({
  title: "Runway environment",
  description: "One environment (dev, qa, prod...) that Runway deploys a Django app to on Cloud Run. The file name must be <name>.yaml.",
});
