// From hits to findings: acknowledgements in the migration files, the environment's policy per
// category, and approvals (the `allow` input or the pull request's label). A broken finding
// blocks unless acknowledged in the file or allowed by id for the run; a graph Django cannot
// load or run (RW001, RW005) always blocks.
import type { Hit } from "./hits.js";
import { names, shortId, UNRUNNABLE } from "./rules.js";
import type { Approvals, Finding, GatePolicy, Resolution, Severity } from "./types.js";

/**
 * Rule id (short, upper case) → the reason given, from `# runway: allow RW101 — reason` comments;
 * "*" for every rule (django-migration-linter's IgnoreMigration()).
 */
export type Acknowledgements = Map<string, string>;

/** The key of an acknowledgement of every rule. */
export const EVERY_RULE = "*";

/** django-migration-linter's own in-file marker: `linter.IgnoreMigration()` among the operations. */
export const LINTER_IGNORE = "django-migration-linter's IgnoreMigration() in the operations";

const ACK_LINE = /#\s*runway:\s*allow\s+(.*)$/gim;
const ACK_IDS = /^((?:RW\d{3}[\w-]*[\s,]*)+)(?:[—–:-]+\s*(.*))?$/i;

export function acknowledgements(source: string): Acknowledgements {
  const found: Acknowledgements = new Map();
  for (const [, rest] of source.matchAll(ACK_LINE)) {
    const match = ACK_IDS.exec((rest ?? "").trim());
    if (!match) continue;
    const reason = match[2]?.trim() || "no reason given";
    for (const id of (match[1] ?? "").split(/[\s,]+/).filter(Boolean)) found.set(shortId(id).toUpperCase(), reason);
  }
  return found;
}

interface Verdict {
  resolution: Resolution;
  severity: Severity;
  note: string;
}

function verdict(hit: Hit, policy: GatePolicy, approvals: Approvals, acks: Acknowledgements | undefined): Verdict {
  const id = shortId(hit.rule.id);
  const category = hit.rule.category;
  if (hit.level === "notice") return { resolution: "allowed", severity: "notice", note: "" };
  if (hit.level === "warning") return { resolution: "warned", severity: "warning", note: "" };
  const ack = acks?.get(id.toUpperCase()) ?? acks?.get(EVERY_RULE);
  if (category === "broken") return brokenVerdict(hit, id, approvals, ack);
  const setting = policy.policy[category];
  if (setting === "block") return { resolution: "blocked", severity: "error", note: `This environment blocks ${category} migrations.` };
  if (ack) return { resolution: "acknowledged", severity: "notice", note: `Acknowledged in the migration: ${ack}` };
  if (setting === "allow") return { resolution: "allowed", severity: "notice", note: "" };
  if (setting === "warn") return { resolution: "warned", severity: "warning", note: "" };
  const by = approvals.allow.find((token) => names(token, { rule: hit.rule.id, category }));
  if (by) return { resolution: "approved", severity: "notice", note: `Approved by allow: ${by.trim()}.` };
  if (approvals.labels.includes(policy.approvalLabel))
    return { resolution: "approved", severity: "notice", note: `Approved by the pull request label ${policy.approvalLabel}.` };
  return {
    resolution: "needs-approval",
    severity: "error",
    note: `Needs approval: add the label "${policy.approvalLabel}" to the pull request, or allow ${id} (or ${category}).`,
  };
}

/** Broken: acknowledged in the file, or allowed by id (or "broken") for this run; never by the label. */
function brokenVerdict(hit: Hit, id: string, approvals: Approvals, ack: string | undefined): Verdict {
  if (UNRUNNABLE.has(hit.rule.id))
    return { resolution: "blocked", severity: "error", note: "Django cannot load or run this graph: it always blocks." };
  if (ack) return { resolution: "acknowledged", severity: "notice", note: `Acknowledged in the file: ${ack}` };
  const by = approvals.allow.find((token) => names(token, { rule: hit.rule.id, category: "broken" }));
  if (by) return { resolution: "approved", severity: "notice", note: `Approved by allow: ${by.trim()}.` };
  return {
    resolution: "needs-approval",
    severity: "error",
    note: `Broken: fix it, or acknowledge it in ${hit.file || "the file"} (# runway: allow ${id} — reason) or allow ${id} for this run.`,
  };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/**
 * Findings, most severe first (otherwise in plan order), with file paths made relative to the
 * repository by `prefix`. `acks` is keyed by the hit's (project-relative) file.
 */
export function judge(
  hits: Hit[],
  policy: GatePolicy,
  approvals: Approvals,
  acks: Map<string, Acknowledgements>,
  prefix: string,
): Finding[] {
  const findings = hits.map((hit) => {
    const v = verdict(hit, policy, approvals, acks.get(hit.file));
    return {
      rule: hit.rule.id,
      category: hit.rule.category,
      severity: v.severity,
      app: hit.app,
      migration: hit.migration,
      file: hit.file ? `${prefix}${hit.file}` : "",
      line: hit.line,
      message: v.note ? `${hit.message} ${v.note}` : hit.message,
      resolution: v.resolution,
    };
  });
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

export const decide = (findings: Finding[]): "allow" | "block" => (findings.some((f) => f.severity === "error") ? "block" : "allow");
