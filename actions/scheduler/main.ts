import { runAction } from "../../src/actions-kit/run.js";
import { schedulerCommand } from "../../src/commands/scheduler.js";
import { schedulerInputs } from "./inputs.js";

await runAction({
  inputs: schedulerInputs,
  heading: (i) => `Runway scheduler ${i.command} of ${i.environment || "(no environment given)"}`,
  attempted: (i) =>
    `${i.dryRun ? "plan (dry run) " : ""}scheduler ${i.command}${i.prune ? " with prune" : ""} of ${i.environment || "(no environment given)"}`,
  run: schedulerCommand,
});
