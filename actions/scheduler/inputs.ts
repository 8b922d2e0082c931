import { configInputs, INPUT, type InputReader } from "../../src/actions-kit/inputs.js";
import { SCHEDULER_COMMANDS } from "../../src/commands/scheduler.js";

export const schedulerInputs = (read: InputReader) => ({
  environment: read.string(INPUT.environment, { required: true, what: "the environment whose schedules to manage" }),
  command: read.choice(INPUT.command, SCHEDULER_COMMANDS, "sync"),
  prune: read.boolean(INPUT.prune),
  dryRun: read.boolean(INPUT.dryRun),
  ...configInputs(read),
});
