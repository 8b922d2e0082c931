// The GitHub job summary: Markdown, mermaid diagrams and tables, one renderer per command, each
// fed the command's plain result.
export {
  type FailedDeploy,
  renderDeployFailure,
  renderDeploySummary,
  type RolloutFailure,
  timelineDiagram,
  timelineTable,
} from "./deploy.js";
export { type FailureSummary, outputsSection, renderFailureSummary } from "./failure.js";
export { type ImportSummary, renderImportSummary } from "./import.js";
export { renderGateSummary } from "./migrations.js";
export { renderPromoteFailure, renderPromoteSummary, renderPromotionDiff } from "./promote.js";
export { renderRollbackSummary } from "./rollback.js";
export { renderHoldSummary, renderSyncSummary, type SchedulerOutcome } from "./scheduler.js";
export { pipelineDiagram, renderStatusSummary } from "./status.js";
