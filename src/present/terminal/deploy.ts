// The deploy plan as the log shows it before anything is written.
import { formatDuration } from "../../core/config/duration.js";
import type { DeployPlan } from "../../core/plan.js";
import { describeTraffic } from "../../core/traffic.js";
import { describeAnalysis, describeBake } from "../format.js";

const MAX_VALUE = 60;
const shown = (value: string | undefined) =>
  value === undefined ? "(none)" : value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE - 1)}…` : value;

/** Field changes other than env (listed above), one a line. */
function changeLines(plan: DeployPlan): string[] {
  const changes = plan.changes.filter((c) => !/\.env\[/.test(c.path));
  if (!changes.length) return ["changes      none to the service's configuration"];
  return ["changes", ...changes.map((c) => `  ${c.path}: ${shown(c.before)} → ${shown(c.after)}`)];
}

/** One line per field changed outside Runway, and whether this deploy keeps or overwrites it. */
function driftLines(plan: DeployPlan): string[] {
  if (!plan.drift?.changes.length) return [];
  const declared = (path: string) => plan.changes.some((c) => c.path === path);
  return [
    `drift        changed outside Runway since ${plan.drift.since?.release}:`,
    ...plan.drift.changes.map(
      (c) =>
        `  ${c.path}: ${shown(c.before)} → ${shown(c.after)}${declared(c.path) ? "  (declared in the YAML: this deploy overwrites it)" : "  (not declared: kept)"}`,
    ),
  ];
}

/** The plan of a deploy, one fact a line, before anything is written. */
export function planText(plan: DeployPlan, freeze?: { reason: string; until: Date }): string {
  const lines = [
    `environment  ${plan.environment} (${plan.service})`,
    `release      ${plan.release.id}  commit ${plan.release.commit}`,
    `image        ${plan.imageBefore ?? "(none)"}`,
    `          →  ${plan.release.image}`,
    `revision     ${plan.revision} tagged ${plan.tag}${plan.firstDeploy ? " (first deploy: the service is created)" : ""}`,
    `freeze       ${freeze ? `FROZEN until ${freeze.until.toISOString()}: ${freeze.reason}` : "none active"}`,
    `traffic now  ${describeTraffic(plan.trafficBefore)}`,
    ...plan.steps.flatMap((s) => [
      `  step ${String(s.percent).padStart(3)}%  ${describeTraffic(s.traffic)}${s.waitMs ? `, then wait ${formatDuration(s.waitMs)}` : ""}`,
      ...(s.analysis ? [`             analysis: ${describeAnalysis(s.analysis)}`] : []),
    ]),
    ...(plan.bake ? [`bake         ${describeBake(plan.bake)}`] : []),
    plan.envChanges.length
      ? `env changes  ${plan.envChanges.map((c) => `${c.before === undefined ? "+" : c.after === undefined ? "-" : "~"}${c.name}`).join(" ")}`
      : "env changes  none",
    ...changeLines(plan),
    ...driftLines(plan),
    plan.kept.length ? `kept from the live service (not in the YAML): ${plan.kept.join(", ")}` : "kept         nothing outside the YAML",
  ];
  if (plan.alreadyLive) lines.push("this release is already live at 100%");
  return lines.join("\n");
}
