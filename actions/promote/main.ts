import { runAction } from "../../src/actions-kit/run.js";
import { promoteCommand } from "../../src/commands/promote.js";
import { promoteInputs } from "./inputs.js";

await runAction({
  inputs: promoteInputs,
  heading: (i) => `Runway promote to ${i.to || "(no environment given)"}`,
  attempted: (i) =>
    `${i.dryRun ? "plan (dry run) the promotion of" : "promote"} ${i.release ? `release ${i.release}` : "the release live in the source environment"} to ${i.to || "(no environment given)"}${i.reason ? ` (reason: ${i.reason})` : ""}`,
  run: promoteCommand,
});
