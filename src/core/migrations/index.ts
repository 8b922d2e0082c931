// The migration gate's analysis. The deploy and promote hooks call analyseMigrations with the
// base from liveCommit (./base.js, not re-exported here: it loads the Cloud Run client); `runway migrations check` and actions/migration-gate wrap the same calls.
export { type AnalyseDeps, type AnalyseInput, type GateAnalysis, type GateStats, analyseMigrations } from "./analyse.js";
export { acknowledgements } from "./policy.js";
export { announceFindings, oneLine, reportJson } from "./report.js";
export { ALL_RULES, RULES, type Rule, shortId } from "./rules.js";
export type { Runner } from "./runner.js";
export { EXCLUDED_SQUAWK_RULES, type SquawkCommand } from "./sql.js";
export type { Approvals, Category, Finding, GatePolicy, GateReport, PlanEntry, Resolution, Severity } from "./types.js";
