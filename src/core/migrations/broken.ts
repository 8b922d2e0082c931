// Broken findings: what makes `migrate` fail or silently diverge, whatever the environment's
// policy: conflicting leaves, missing migrations, and applied migrations edited or deleted.
import { basename, dirname } from "node:path";
import type { Hit } from "./hits.js";
import type { MigrationChanges } from "./git.js";
import { RULES } from "./rules.js";
import type { DjangoFacts } from "./types.js";

const nameOf = (file: string) => basename(file, ".py");
const short = (sha: string | null) => (sha ?? "").slice(0, 12);

/** app label of a migration file, from the migrations directories Django loaded. */
function appOf(facts: DjangoFacts, file: string): string {
  const dir = dirname(file);
  return facts.migrations.find((m) => dirname(m.file) === dir)?.app ?? basename(dirname(dir));
}

export function editedOrDeleted(changes: MigrationChanges, facts: DjangoFacts): Hit[] {
  const hits: Hit[] = [];
  const base = short(changes.base);
  for (const file of changes.modified) {
    // Comments and layout do not change what ran; acknowledging a finding must stay possible.
    if (facts.unchanged.includes(file)) continue;
    if (facts.sameEffect?.includes(file)) {
      const message = `${file} was applied by the live release (${base}) and has been edited since, but it still does the same: its operations (and their SQL) are unchanged, so the databases that ran it match it.`;
      hits.push({ rule: RULES.edited, app: appOf(facts, file), migration: nameOf(file), file, line: 1, message, level: "notice" });
      continue;
    }
    const message = `${file} was applied by the live release (${base}) and has been edited since. Django records no checksum, so the edit never runs where it was applied; revert it and make the change in a new migration.`;
    hits.push({ rule: RULES.edited, app: appOf(facts, file), migration: nameOf(file), file, line: 1, message });
  }
  for (const file of changes.deleted) {
    const app = appOf(facts, file);
    // A squash whose replaced migrations are gone is Django's documented clean-up, not a loss.
    if (facts.replaced.includes(`${app}.${nameOf(file)}`)) continue;
    const renamed = changes.renamed.find((r) => r.from === file);
    const what = renamed
      ? `was renamed to ${renamed.to}: Django will see a new migration and run it again where ${nameOf(file)} already ran`
      : "was deleted: databases that applied it keep its changes, and a rollback past it cannot undo them";
    hits.push({
      rule: RULES.deleted,
      app,
      migration: nameOf(file),
      file: renamed?.to ?? file,
      line: 1,
      message: `${file} was applied by the live release (${base}) and ${what}. Restore it.`,
    });
  }
  return hits;
}

export function conflicts(facts: DjangoFacts, planned: Set<string>): Hit[] {
  return Object.entries(facts.conflicts).map(([app, leaves]) => {
    const keys = leaves.map((name) => `${app}.${name}`);
    const leaf = keys.find((key) => planned.has(key)) ?? (keys[0] as string);
    const file = facts.migrations.find((m) => `${m.app}.${m.name}` === leaf)?.file ?? "";
    const message = `${app} has ${leaves.length} leaf migrations (${leaves.join(", ")}): migrate refuses to run. Merge them (manage.py makemigrations --merge) or make one depend on the other.`;
    return { rule: RULES.conflict, app, migration: leaf.slice(app.length + 1), file, line: 1, message };
  });
}

export function missing(facts: DjangoFacts): Hit[] {
  return facts.missing.map((m) => {
    const where = { rule: RULES.missing, app: m.app, migration: m.name, file: m.file ?? "", line: m.line };
    if (m.stateOnly) {
      const message = `${m.app}: the models changed without a migration (${m.operations.join("; ")}), but nothing changes in the database (sqlmigrate would print no SQL). Run manage.py makemigrations and commit the result, so that Django's state matches the models.`;
      return { ...where, message, level: "warning" as const };
    }
    return {
      ...where,
      message: `${m.app}: the models changed without a migration (${m.operations.join("; ")}). Run manage.py makemigrations and commit the result.`,
    };
  });
}
