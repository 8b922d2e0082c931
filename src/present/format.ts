// Small pure helpers that the terminal and the summary both need, so both surfaces say the same
// age and the same short image for one status.
import { type AnalysisSpec, PERCENTILES } from "../core/config/schema-analysis.js";
import { formatDuration } from "../core/config/duration.js";

/** How long ago `since` was, in the coarsest unit that still reads precisely: min, then h, then d. */
export function age(since: string | undefined, now: Date): string {
  if (!since) return "";
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(since).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} d`;
}

/** An image by its digest's first 12 hex digits (what tells two releases apart), else as given. */
export function shortImage(image: string | undefined): string {
  const digest = /@sha256:([0-9a-f]{12})/.exec(image ?? "")?.[1];
  return digest ? `sha256:${digest}…` : (image ?? "");
}

/** Where the migration rules and their safe patterns are documented: every view of a gate report points there. */
export const RULES_DOC = "docs/migration-rules.md";

/** A commit as a gate report shows it: 12 digits, or why there is none. */
export const shortCommit = (sha: string | null) => (sha ? sha.slice(0, 12) : "none (nothing live)");

/**
 * A step's analysis thresholds on one line, as the plan shows them before the rollout:
 * "5xx ≤ 1%, p95 ≤ 800ms and ≤ 1.5× stable, ≥ 100 requests (wait up to 10m, then fail)".
 * Absolute and relative limits on one percentile both apply (the tighter wins), hence "and".
 */
export function describeAnalysis(spec: AnalysisSpec): string {
  const parts: string[] = [];
  if (spec.max5xxRatio !== undefined) parts.push(`5xx ≤ ${Math.round(spec.max5xxRatio * 10_000) / 100}%`);
  for (const p of PERCENTILES) {
    const limits = [
      spec.maxLatencyMs[p] !== undefined ? `≤ ${formatDuration(spec.maxLatencyMs[p])}` : undefined,
      spec.vsStable[p] !== undefined ? `≤ ${spec.vsStable[p]}× stable` : undefined,
    ].filter(Boolean);
    if (limits.length) parts.push(`${p} ${limits.join(" and ")}`);
  }
  parts.push(`≥ ${spec.minRequests} requests (wait up to ${formatDuration(spec.maxWaitMs)}, then ${spec.tooLittleTraffic})`);
  return parts.join(", ");
}

/** The bake after 100%, on one line: its duration, then its thresholds. */
export const describeBake = (bake: { durationMs: number; analysis: AnalysisSpec }) =>
  `${formatDuration(bake.durationMs)} at 100%, ${describeAnalysis(bake.analysis)}`;
