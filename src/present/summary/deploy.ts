// The job summary of a deploy, and of a promotion, which is a deploy under its own heading.
import { formatDuration } from "../../core/config/duration.js";
import type { DeployFailure, DeployResult } from "../../core/deploy.js";
import type { StepRecord } from "../../core/timeline.js";
import { describeTraffic } from "../../core/traffic.js";
import { describeAnalysis } from "../format.js";
import { code, mermaidLabel, ms, table } from "../markdown.js";
import { analysisSection } from "./analysis.js";

const ICON = { ok: "✅", failed: "❌", skipped: "⏭️" } as const;
// Values of variables whose names look secret are never shown, only that they changed.
const SENSITIVE = /SECRET|TOKEN|PASSWORD|PASSWD|KEY|CREDENTIAL|PRIVATE|DSN|DATABASE_URL/i;

export function timelineTable(steps: StepRecord[]): string {
  return table(
    ["step", "outcome", "duration", "detail"],
    steps.map((s) => [s.name, `${ICON[s.outcome]} ${s.outcome}`, ms(s.ms), s.detail]),
  );
}

/** A left-to-right picture of the rollout: each step coloured by how it ended. */
export function timelineDiagram(steps: StepRecord[]): string {
  const nodes = steps.map((s, i) => `  s${i}[${mermaidLabel(`${s.name}${s.outcome === "ok" ? "" : ` (${s.outcome})`}`)}]:::${s.outcome}`);
  const edges = steps.slice(1).map((_, i) => `  s${i} --> s${i + 1}`);
  return [
    "```mermaid",
    "flowchart LR",
    ...nodes,
    ...edges,
    "  classDef ok fill:#dafbe1,stroke:#1a7f37",
    "  classDef failed fill:#ffebe9,stroke:#cf222e",
    "  classDef skipped fill:#f6f8fa,stroke:#8c959f",
    "```",
  ].join("\n");
}

function envRows(result: Pick<DeployResult, "plan">): unknown[][] {
  return result.plan.envChanges.map((c) => {
    const hide = SENSITIVE.test(c.name) && !String(c.after ?? c.before).startsWith("secret:");
    return [
      code(c.name),
      hide ? (c.before === undefined ? "" : "(hidden)") : (c.before ?? ""),
      hide ? (c.after === undefined ? "(removed)" : "(hidden, changed)") : (c.after ?? "(removed)"),
    ];
  });
}

const cell = (value: string | undefined) => (value === undefined ? "(none)" : value.length > 80 ? `${value.slice(0, 79)}…` : value);

/** What the deploy changes besides env, what changed outside Runway, and what it keeps from the live service. */
function configurationSection(plan: DeployResult["plan"]): string[] {
  const changes = plan.changes.filter((c) => !/\.env\[/.test(c.path));
  const drift = plan.drift?.changes ?? [];
  const overwritten = (path: string) => plan.changes.some((c) => c.path === path);
  return [
    "### Service configuration",
    "",
    changes.length
      ? table(
          ["field", "before", "after"],
          changes.map((c) => [code(c.path), cell(c.before), cell(c.after)]),
        )
      : "No change other than the image and environment variables.",
    "",
    ...(drift.length
      ? [
          `**Changed outside Runway** since ${code(plan.drift?.since?.release ?? "")}:`,
          "",
          table(
            ["field", "Runway wrote", "live now", "this deploy"],
            drift.map((c) => [
              code(c.path),
              cell(c.before),
              cell(c.after),
              overwritten(c.path) ? "overwrites (declared)" : "keeps (not declared)",
            ]),
          ),
          "",
        ]
      : []),
    plan.kept.length
      ? `**Kept from the live service** (not in the YAML): ${plan.kept.map(code).join(", ")}`
      : "Nothing on the live service lies outside the YAML.",
    "",
  ];
}

/** Where and how a failed rollout stopped: the step, its error, and whether traffic is back. */
export interface RolloutFailure {
  step: string;
  message: string;
  restored: boolean;
}

type Summarised = Omit<DeployResult, "outcome"> & { outcome: string };

const HEADLINE: Record<string, string> = {
  "dry-run": "📝 dry run: nothing changed",
  unchanged: "✅ already live: nothing to do",
  "caught-up": "✅ already live: finished what an earlier run left",
};

function factsTable(result: Summarised): string {
  const { plan } = result;
  return table(
    ["", ""],
    [
      ["release", code(plan.release.id)],
      ["commit", code(plan.release.commit)],
      ["image", code(plan.release.image)],
      ["image before", plan.imageBefore ? code(plan.imageBefore) : "none (first deploy)"],
      ["revision", `${code(plan.revision)}${result.previousRevision ? ` replaces ${code(result.previousRevision)}` : ""}`],
      ["service", code(plan.service)],
      ["URL", result.url ?? ""],
      ["tag URL", result.tagUrl ?? ""],
      ["freeze window", result.freeze ? `frozen until ${result.freeze.until.toISOString()}: ${result.freeze.reason}` : "none active"],
    ],
  );
}

/** Which step failed and why, then what state the failure left traffic in. */
function failureQuote(plan: DeployResult["plan"], failure: RolloutFailure): string[] {
  const aftermath = plan.firstDeploy
    ? "This was the first deploy: there is no earlier revision to go back to. The revision is marked failed and no environment will promote it."
    : failure.restored
      ? "Traffic was restored to what it was before the rollout."
      : "Traffic could NOT be restored automatically; check the service and re-run or roll back.";
  // The message of a step's error starts with the step's name: said once, in bold.
  const why = failure.message.startsWith(`${failure.step}: `) ? failure.message.slice(failure.step.length + 2) : failure.message;
  return [`> **${failure.step}** failed: ${why.replace(/\n/g, " ")}`, ">", `> ${aftermath}`, ""];
}

function trafficSection(plan: DeployResult["plan"]): string[] {
  // The analysis column only where the rollout asks for analysis: a plain rollout reads as before.
  const analysed = Boolean(plan.bake) || plan.steps.some((s) => s.analysis);
  const extra = (text: string) => (analysed ? [text] : []);
  const rows = plan.steps.map((s) => [
    `${s.percent}%`,
    describeTraffic(s.traffic),
    s.waitMs ? formatDuration(s.waitMs) : "",
    s.checks.join(", ") || "all",
    ...extra(s.analysis ? describeAnalysis(s.analysis) : "none"),
  ]);
  const bake = plan.bake
    ? [["bake", "100% (the release alone)", formatDuration(plan.bake.durationMs), "", describeAnalysis(plan.bake.analysis)]]
    : [];
  return [
    "### Traffic plan",
    "",
    table(
      ["step", "traffic", "wait", "checks", ...extra("analysis")],
      [["before", describeTraffic(plan.trafficBefore), "", "", ...extra("")], ...rows, ...bake],
    ),
    "",
  ];
}

/** `title` leads the heading, before the environment: a promotion names its source there. */
export function renderDeploySummary(result: Summarised, failure?: RolloutFailure, title = "Runway deploy to"): string {
  const { plan } = result;
  const status = failure ? `❌ failed at **${failure.step}**` : (HEADLINE[result.outcome] ?? "✅ deployed");
  const lines = [`## ${title} ${plan.environment}: ${status}`, "", factsTable(result), ""];
  if (failure) lines.push(...failureQuote(plan, failure));
  // The evidence comes first after the verdict: it is why a canary was rolled back.
  lines.push(...analysisSection(result.analyses));
  lines.push(...trafficSection(plan));
  lines.push(
    "### Environment variables",
    "",
    plan.envChanges.length ? table(["name", "before", "after"], envRows(result)) : "No changes.",
    "",
  );
  lines.push(...configurationSection(plan));
  if (result.steps.length) lines.push("### Timeline", "", timelineDiagram(result.steps), "", timelineTable(result.steps), "");
  return lines.join("\n");
}

/** A deploy that failed, as the engine throws it: what it planned and did, and where it stopped. */
export type FailedDeploy = Pick<DeployFailure, "result" | "step" | "message" | "restored">;

/** The summary of a rollout that failed: what it planned and did, then where it stopped. */
export function renderDeployFailure(error: FailedDeploy, title?: string): string {
  const failure = { step: error.step, message: error.message, restored: error.restored };
  return renderDeploySummary({ ...error.result, outcome: "failed" }, failure, title);
}
