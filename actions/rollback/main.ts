import { configInputs } from "../../src/actions-kit/inputs.js";
import { runAction } from "../../src/actions-kit/run.js";
import { rollbackCommand } from "../../src/commands/rollback.js";

await runAction({
  inputs: (read) => ({
    environment: read.string("environment", { required: true, what: "the environment to roll back" }),
    to: read.string("to") || undefined,
    reason: read.string("reason"),
    force: read.boolean("force"),
    migrateBack: read.boolean("migrate-back"),
    dryRun: read.boolean("dry-run"),
    ...configInputs(read),
    token: read.string("github-token"),
  }),
  heading: (i) => `Runway rollback of ${i.environment || "(no environment given)"}`,
  attempted: (i) =>
    `${i.dryRun ? "plan (dry run) a rollback of" : "roll back"} ${i.environment || "(no environment given)"} to ${i.to ? `revision ${i.to}` : "the previous healthy release"}${i.force ? ", forced" : ""}${i.migrateBack ? ", migrating back" : ""}${i.reason ? ` (reason: ${i.reason})` : ""}`,
  token: (i) => i.token,
  run: (i, ctx) => rollbackCommand(i, ctx),
});
