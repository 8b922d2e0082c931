import { configInputs } from "../../src/actions-kit/inputs.js";
import { runAction } from "../../src/actions-kit/run.js";
import { statusCommand } from "../../src/commands/status.js";

await runAction({
  inputs: (read) => ({
    environment: read.string("environment") || undefined,
    ...configInputs(read),
  }),
  heading: (i) => `Runway status${i.environment ? ` of ${i.environment}` : ""}`,
  attempted: (i) => `read what is live in ${i.environment ?? "every environment"}`,
  run: (i, ctx) => statusCommand(i, ctx),
});
