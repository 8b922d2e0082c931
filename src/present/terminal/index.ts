// The terminal: plans as the log shows them before anything is written, and the CLI's text views.
import { batchText, holdPlanText, schedulerPlanText } from "./batch.js";
import { planText } from "./deploy.js";

export { batchText, holdPlanText, schedulerPlanText } from "./batch.js";
export { planText } from "./deploy.js";
export { gateReportText } from "./migrations.js";
export { renderStatusText, type TextOptions, wantsColor } from "./status.js";

/**
 * What core prints as progress while it runs (see src/core/progress.ts): the entries give it as
 * `progress` in the deps of a deploy, a release's batch sync and a migration's schedule hold.
 */
export const progressText = {
  deployPlan: planText,
  schedulerPlan: schedulerPlanText,
  holdPlan: holdPlanText,
  batchJobs: batchText,
};
