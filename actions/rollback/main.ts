import { runAction } from "../../src/actions-kit/run.js";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { rollbackInputs } from "./inputs.js";

await runAction({
  inputs: rollbackInputs,
  heading: (i) => `Runway rollback of ${i.environment || "(no environment given)"}`,
  attempted: (i) =>
    `${i.dryRun ? "plan (dry run) a rollback of" : "roll back"} ${i.environment || "(no environment given)"} to ${i.to ? `revision ${i.to}` : "the previous healthy release"}${i.force ? ", forced" : ""}${i.migrateBack ? ", migrating back" : ""}${i.reason ? ` (reason: ${i.reason})` : ""}`,
  run: rollbackCommand,
});
