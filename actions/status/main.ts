import { runAction } from "../../src/actions-kit/run.js";
import { statusCommand } from "../../src/commands/status.js";
import { statusInputs } from "./inputs.js";

await runAction({
  inputs: statusInputs,
  heading: (i) => `Runway status${i.environment ? ` of ${i.environment}` : ""}`,
  attempted: (i) => `read what is live in ${i.environment ?? "every environment"}`,
  run: statusCommand,
});
