// How an environment changes: the rollout plan, the freeze windows and the notifications.
import { z } from "zod";
import { cronExpression, duration, intRange, obj, timeZone } from "./fields.js";
import { analysisSchema, bakeSchema } from "./schema-analysis.js";

const step = obj(
  {
    percent: intRange(1, 100).describe("The share of traffic the new revision gets at this step. Required."),
    wait: duration({ max: "1h" }).prefault("0s").describe("How long to watch the step before the next one, at most 1h. Default: 0s."),
    checks: z.array(z.string()).optional().describe("Names of the smoke checks to run at this step. Default: all checks."),
    analysis: analysisSchema.optional().describe("This step's canary analysis, field by field over the rollout's `analysis`."),
  },
  { millis: ["wait"] },
);

export const rolloutSchema = obj({
  analysis: analysisSchema
    .optional()
    .describe("Canary analysis for every step (a step's own `analysis` overrides it field by field). Default: none, smoke checks only."),
  bake: bakeSchema.optional().describe("A watch after 100% against the previous release's baseline; a breach rolls back. Default: none."),
  steps: z
    .array(step)
    .min(1, "must have at least one step")
    .superRefine((steps, ctx) => {
      steps.forEach((current, i) => {
        const previous = steps[i - 1];
        if (previous && current.percent <= previous.percent) {
          ctx.addIssue({
            code: "custom",
            path: [i, "percent"],
            message: `must be more than the previous step's ${previous.percent}`,
            input: current.percent,
          });
        }
      });
      const last = steps.at(-1);
      // Above 100 is already reported by the range check.
      if (last && last.percent < 100) {
        ctx.addIssue({
          code: "custom",
          path: [steps.length - 1, "percent"],
          message: "the last step must be 100: a rollout ends with all traffic",
          input: last.percent,
        });
      }
    })
    .describe("Traffic steps, strictly increasing, the last one 100. Required."),
})
  .prefault({ steps: [{ percent: 100 }] })
  .meta({ title: "Rollout", description: "The canary plan. Default: straight to 100%." });

const isoDateTime = (example: string) =>
  z.iso.datetime({ offset: true, error: `must be an ISO-8601 date and time with an offset, e.g. ${example}` });

/** A window comes out fixed or recurring, so that the freeze check has to handle both. */
type WindowShape = { reason: string; start: Date; end: Date } | { reason: string; cron: string; durationMs: number; timeZone: string };

const freezeWindow = obj(
  {
    reason: z.string().min(1, "must not be empty").describe("Why deploys are frozen; shown when a deploy is refused. Required."),
    start: isoDateTime("2024-12-24T18:00:00+09:00").optional().describe("When a fixed window starts."),
    end: isoDateTime("2024-12-26T09:00:00+09:00").optional().describe("When a fixed window ends (exclusive)."),
    cron: cronExpression().optional().describe("When each recurring window starts."),
    duration: duration({ min: "1m", max: "7d" }).optional().describe("How long each recurring window lasts, at most 7d."),
    "time-zone": timeZone().optional(),
  },
  { millis: ["duration"] },
)
  .superRefine((window, ctx) => {
    // By YAML key, to name them in messages.
    const given: Record<string, unknown> = { ...window, duration: window.durationMs, "time-zone": window.timeZone };
    const has = (key: string) => given[key] !== undefined;
    const requireAll = (keys: string[], present: string[]) => {
      for (const key of keys.filter((k) => !has(k))) {
        ctx.addIssue({ code: "custom", path: [key], message: `is required with ${present.join(" and ")}`, input: undefined });
      }
    };
    const fixed = ["start", "end"].filter(has);
    const recurring = ["cron", "duration", "time-zone"].filter(has);
    if (fixed.length > 0 && recurring.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: "is either a fixed window (start, end) or a recurring one (cron, duration), not both",
        input: window,
      });
    } else if (fixed.length > 0) {
      requireAll(["start", "end"], fixed);
      if (window.start && window.end && Date.parse(window.end) <= Date.parse(window.start)) {
        ctx.addIssue({ code: "custom", path: ["end"], message: "must be after start", input: window.end });
      }
    } else if (recurring.length > 0) {
      requireAll(["cron", "duration"], recurring);
    } else {
      ctx.addIssue({ code: "custom", message: "needs start and end, or cron and duration", input: window });
    }
  })
  .transform(
    ({ reason, start, end, cron, durationMs, timeZone }): WindowShape =>
      cron !== undefined
        ? { reason, cron, durationMs: durationMs!, timeZone: timeZone ?? "Etc/UTC" }
        : { reason, start: new Date(start!), end: new Date(end!) },
  )
  // For editors: the refinement above, as JSON Schema.
  .meta({ oneOf: [{ required: ["start", "end"] }, { required: ["cron", "duration"] }] });

export const freezeSchema = z.array(freezeWindow).default([]).meta({
  title: "Freeze windows",
  description:
    "Times when deploys are refused: {start, end} with offsets, or {cron, duration, time-zone} (time-zone defaults to Etc/UTC), each with a reason.",
});

export const notifySchema = obj({
  "webhook-secret": z
    .string()
    .superRefine((value, ctx) => {
      // The likely mistake is pasting the URL itself: say why that is refused, not just the rule.
      const message = value.includes("://")
        ? "must be the NAME of the secret that holds the webhook URL, not the URL: the URL is a credential and this file is committed"
        : /^[A-Z][A-Z0-9_]*$/.test(value)
          ? undefined
          : "must be a secret name: capital letters, digits and underscores, starting with a letter";
      if (message) ctx.addIssue({ code: "custom", message, input: value });
    })
    .meta({ pattern: "^[A-Z][A-Z0-9_]*$" })
    .optional()
    .describe("The name of the secret (or environment variable) holding the webhook URL. Never the URL itself."),
  "mention-author": z
    .boolean("must be true or false")
    .default(true)
    .describe("Mention the pull request's author in notifications. Default: true."),
})
  .prefault({})
  .meta({ title: "Notifications" });
