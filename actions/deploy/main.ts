import { runAction } from "../../src/actions-kit/run.js";
import { deployCommand } from "../../src/commands/deploy.js";
import { deployInputs } from "./inputs.js";

await runAction({
  inputs: deployInputs,
  heading: (i) => `Runway deploy to ${i.environment || "(no environment given)"}`,
  attempted: (i) =>
    `${i.dryRun ? "plan (dry run) a deploy of" : "deploy"} ${i.image || "(no image given)"}${i.commit ? ` (commit ${i.commit.slice(0, 12)})` : ""} to ${i.environment || "(no environment given)"}`,
  run: deployCommand,
});
