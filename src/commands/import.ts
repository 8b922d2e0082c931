// `runway import`: adopt a service deployed by hand. Writes environments/<env>.yaml declaring
// the live service as it is, so that the first deploy changes only the image.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Document } from "yaml";
import { getService } from "../gcp/cloudrun.js";
import { parseEnvironment } from "../core/config/load.js";
import { ENVIRONMENT_NAME } from "../core/config/fields.js";
import { ConfigurationError, RefusalError } from "../shared/errors.js";
import { buildRevision } from "../core/template/index.js";
import { serviceYaml } from "../core/template/from-api.js";
import { servingIndex } from "../core/template/merge.js";
import { renderImportSummary } from "../present/summary/index.js";
import type { CommandContext, CommandResult } from "./context.js";
import { runDeps } from "./run-context.js";

export interface ImportInput {
  environment: string;
  /** projects/P/locations/R/services/S */
  service: string;
  configDir: string;
  root: string;
  force: boolean;
  dryRun: boolean;
}

const SERVICE_NAME =
  /^projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/locations\/([a-z]+-[a-z]+[0-9]+)\/services\/([a-z]([-a-z0-9]{0,47}[a-z0-9])?)$/;

function validate(input: ImportInput): { project: string; region: string; file: string } {
  if (!ENVIRONMENT_NAME.test(input.environment))
    throw new ConfigurationError(
      `env: ${JSON.stringify(input.environment)} must be lowercase letters, digits and hyphens, starting with a letter`,
      { field: "env" },
    );
  const match = SERVICE_NAME.exec(input.service);
  if (!match)
    throw new ConfigurationError(
      `service: ${JSON.stringify(input.service.slice(0, 200))} must be projects/PROJECT/locations/REGION/services/SERVICE`,
      { field: "service" },
    );
  const file = join(resolve(input.root, input.configDir), `${input.environment}.yaml`);
  if (existsSync(file) && !input.force)
    throw new ConfigurationError(`${file} exists; Runway does not overwrite an environment file unless you pass --force (force: true)`, {
      field: "force",
    });
  return { project: match[1] as string, region: match[2] as string, file };
}

function render(input: ImportInput, project: string, region: string, service: Record<string, unknown>, at: Date): string {
  const doc = new Document({ name: input.environment, project, region, "require-digest": true, service });
  doc.commentBefore = [
    "yaml-language-server: $schema=./schema.json",
    "",
    ` Imported from ${input.service} by \`runway import\` on ${at.toISOString().slice(0, 10)}.`,
    " Runway changes only what this file declares; a field left out keeps its live value.",
    " Add checks:, rollout:, migrations:, batch: and schedules: as you need them.",
  ].join("\n");
  return doc.toString({ lineWidth: 0 }).replace(/^#yaml/, "# yaml");
}

export async function importCommand(input: ImportInput, ctx: CommandContext): Promise<CommandResult> {
  const { project, region, file } = validate(input);
  const deps = runDeps(ctx);
  const live = await ctx.logger.group("read service", () => getService(deps, input.service));
  if (!live) throw new RefusalError(`${input.service} does not exist (or this identity cannot read it); nothing to import`);
  const text = render(input, project, region, serviceYaml(live), ctx.clock.now());
  const env = parseEnvironment(text, file);
  // The promise of an import: a deploy of the live image changes nothing but Runway's own keys.
  const containers = live.template?.containers ?? [];
  const built = buildRevision(env.service, String(containers[servingIndex(containers)]?.image ?? ""), live);
  for (const change of built.changes)
    ctx.logger.warn(
      `import does not reproduce ${change.path} exactly (${change.before ?? "(none)"} → ${change.after ?? "(none)"}); check it in ${file}`,
    );
  if (!input.dryRun) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  const summary = renderImportSummary({
    environment: input.environment,
    service: input.service,
    file,
    dryRun: input.dryRun,
    kept: built.kept,
    differences: built.changes.length,
    yaml: text,
  });
  return {
    outputs: { file, kept: built.kept.join(",") },
    summary,
    json: { file, written: !input.dryRun, kept: built.kept, differences: built.changes, yaml: text },
  };
}
