import { configInputs } from "../../src/actions-kit/inputs.js";
import { runAction } from "../../src/actions-kit/run.js";
import { SCHEDULER_COMMANDS, schedulerCommand } from "../../src/commands/scheduler.js";

await runAction({
  inputs: (read) => ({
    environment: read.string("environment", { required: true, what: "the environment whose schedules to manage" }),
    command: read.choice("command", SCHEDULER_COMMANDS, "sync"),
    prune: read.boolean("prune"),
    dryRun: read.boolean("dry-run"),
    ...configInputs(read),
  }),
  heading: (i) => `Runway scheduler ${i.command} of ${i.environment || "(no environment given)"}`,
  attempted: (i) =>
    `${i.dryRun ? "plan (dry run) " : ""}scheduler ${i.command}${i.prune ? " with prune" : ""} of ${i.environment || "(no environment given)"}`,
  run: (i, ctx) => schedulerCommand(i, ctx),
});
