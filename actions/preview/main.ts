import { runAction } from "../../src/actions-kit/run.js";
import { previewCommand } from "../../src/commands/preview.js";
import { previewInputs } from "./inputs.js";

await runAction({
  inputs: previewInputs,
  heading: (i) => `Runway preview of #${i.pr || "?"} in ${i.environment}`,
  attempted: (i) =>
    i.action === "cleanup"
      ? `remove the preview of pull request #${i.pr || "?"} from ${i.environment}`
      : `deploy ${i.image ?? "(no image given)"} as the preview of pull request #${i.pr || "?"} in ${i.environment}`,
  run: previewCommand,
});
