// The SQL pass: the statements Django would run for each planned migration (collected as
// sqlmigrate does, per operation) are linted by squawk in one process, and each squawk finding
// is mapped back to the operation, and so the line, that produced it.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EnvironmentError } from "../../shared/errors.js";
import { type UnitContext, unitKey } from "./classify.js";
import type { Hit } from "./hits.js";
import { RULES, type Rule } from "./rules.js";
import type { Runner } from "./runner.js";
import type { MigrationFacts } from "./types.js";

/** How to start squawk: its installed binary (never a download at run time). */
export interface SquawkCommand {
  command: string;
  args: string[];
  /** Set when squawk is not installed: why, and what to do; the SQL pass then fails with it. */
  missing?: string;
}

// Timeouts are the runner's job (it sets lock_timeout and statement_timeout), and the style rules
// judge choices Django makes for every project (int ids, varchar, no IF NOT EXISTS).
export const EXCLUDED_SQUAWK_RULES = [
  "require-timeout-settings",
  "require-lock-timeout",
  "require-statement-timeout",
  "prefer-robust-stmts",
  "prefer-bigint-over-int",
  "prefer-bigint-over-smallint",
  "prefer-identity",
  "prefer-text-field",
  "prefer-timestamp-tz",
  "ban-char-field",
  "ban-drop-not-null",
  "transaction-nesting",
  "identifier-too-long",
];

const BY_SQUAWK_RULE: Record<string, Rule> = {
  "ban-drop-column": RULES.dropColumn,
  "ban-drop-table": RULES.dropTable,
  "ban-drop-database": RULES.dropTable,
  "renaming-column": RULES.renameColumn,
  "renaming-table": RULES.renameTable,
  "adding-required-field": RULES.notNullWithoutDbDefault,
  "adding-not-nullable-field": RULES.setNotNull,
  "require-concurrent-index-creation": RULES.index,
  "require-concurrent-index-deletion": RULES.dropIndex,
  "adding-foreign-key-constraint": RULES.foreignKey,
  "disallowed-unique-constraint": RULES.unique,
  "constraint-missing-not-valid": RULES.check,
  "changing-column-type": RULES.typeChange,
  "adding-field-with-default": RULES.volatileDefault,
  "ban-concurrent-index-creation-in-transaction": RULES.concurrentInAtomic,
};

/**
 * Volatile functions (pg_proc.provolatile = 'v') a column default may call, for when the server
 * was not asked. A non-volatile default on ADD COLUMN is stored in the catalog (PostgreSQL 11+):
 * no rewrite. now() and current_timestamp are STABLE, pi() IMMUTABLE.
 */
export const VOLATILE_FUNCTIONS = [
  "random",
  "clock_timestamp",
  "timeofday",
  "gen_random_uuid",
  "uuid_generate_v1",
  "uuid_generate_v1mc",
  "uuid_generate_v4",
  "nextval",
  "txid_current",
  "setseed",
];

/** The functions a statement calls that are volatile: by the server's pg_proc when known, else the list. */
export function volatileCalls(sql: string, provolatile: Record<string, string> = {}): string[] {
  const called = [...sql.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)].map((match) => (match[1] as string).toLowerCase());
  return [...new Set(called)].filter((name) => (provolatile[name] ? provolatile[name] === "v" : VOLATILE_FUNCTIONS.includes(name)));
}

/** ADD CONSTRAINT … UNIQUE or PRIMARY KEY: PostgreSQL has no NOT VALID for these. */
const UNIQUE_CONSTRAINT = /\bADD\s+(?:CONSTRAINT\s+("[^"]+"|\S+)\s+)?(?:UNIQUE|PRIMARY\s+KEY)\b/i;

interface SquawkFinding {
  file: string;
  /** 0-based. */
  line: number;
  rule_name: string;
  message: string;
  help: string | null;
}

/** One migration as a SQL file, with the statement each line belongs to. */
interface SqlFile {
  migration: MigrationFacts;
  text: string;
  owners: (number | null)[];
}

export function sqlFile(migration: MigrationFacts): SqlFile {
  const lines: string[] = [];
  const owners: (number | null)[] = [];
  const push = (text: string, owner: number | null) => {
    for (const line of text.split("\n")) {
      lines.push(line);
      owners.push(owner);
    }
  };
  // sqlmigrate wraps atomic migrations the same way; squawk needs it to judge CONCURRENTLY.
  if (migration.atomic) push("BEGIN;", null);
  for (const [index, statement] of migration.statements.entries()) push(statement.sql, index);
  if (migration.atomic) push("COMMIT;", null);
  return { migration, text: `${lines.join("\n")}\n`, owners };
}

export interface SqlPassDeps {
  runner: Runner;
  squawk: SquawkCommand;
  /** A scratch directory for the SQL files. */
  dir: string;
}

export async function sqlPass(
  plan: MigrationFacts[],
  context: Map<string, UnitContext>,
  pgVersion: string | null,
  deps: SqlPassDeps,
): Promise<Hit[]> {
  const files = plan.filter((m) => m.statements.length > 0).map(sqlFile);
  if (files.length === 0) return [];
  if (deps.squawk.missing) throw new EnvironmentError(deps.squawk.missing);
  const paths = files.map((_, i) => join(deps.dir, `${i}.sql`));
  await Promise.all(files.map((f, i) => writeFile(paths[i] as string, f.text)));
  const findings = await runSquawk(paths, pgVersion, deps);
  return findings.flatMap((finding) => {
    const file = files[paths.indexOf(finding.file)];
    const hit = file && applies(file, finding) ? toHit(file, finding) : undefined;
    return hit && keep(hit, context) ? [hit] : [];
  });
}

async function runSquawk(paths: string[], pgVersion: string | null, deps: SqlPassDeps): Promise<SquawkFinding[]> {
  const version = pgVersion ? ["--pg-version", pgVersion] : [];
  const args = [...deps.squawk.args, "--reporter", "json", "--exclude", EXCLUDED_SQUAWK_RULES.join(","), ...version, ...paths];
  const result = await deps.runner(deps.squawk.command, args, {}).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`could not start squawk (${deps.squawk.command}): ${error.message}`);
  });
  // squawk exits 1 when it has findings; anything else is squawk failing.
  if (result.code !== 0 && result.code !== 1)
    throw new Error(`squawk failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
  try {
    return JSON.parse(result.stdout || "[]") as SquawkFinding[];
  } catch {
    throw new Error(`squawk printed no JSON report: ${result.stdout.slice(0, 500)}`);
  }
}

const statementOf = (file: SqlFile, finding: SquawkFinding) => {
  const index = file.owners[finding.line] ?? null;
  return index === null ? null : (file.migration.statements[index] ?? null);
};

/** squawk flags every non-constant default; only a volatile one rewrites the table. */
function applies(file: SqlFile, finding: SquawkFinding): boolean {
  if (finding.rule_name !== "adding-field-with-default") return true;
  const statement = statementOf(file, finding);
  return statement === null || volatileCalls(statement.sql, file.migration.functions).length > 0;
}

function toHit(file: SqlFile, finding: SquawkFinding): Hit {
  const m = file.migration;
  const statement = file.owners[finding.line] ?? null;
  const unitIndex = statement === null ? null : (m.statements[statement]?.unit ?? null);
  const unit = unitIndex === null ? undefined : m.units[unitIndex];
  const text = statement === null ? "" : (m.statements[statement]?.sql ?? "");
  const sql = statement === null ? "" : ` in \`${oneLine(text)}\``;
  const where = { app: m.app, migration: m.name, file: m.file, line: unit?.line ?? m.line, unit: unit?.path };
  if (finding.rule_name === "constraint-missing-not-valid" && UNIQUE_CONSTRAINT.test(text)) {
    // PostgreSQL rejects NOT VALID on UNIQUE and PRIMARY KEY: it is RW204, with RW204's remedy.
    const message = `${unit?.description ?? "SQL"}${sql}: builds a unique index under a lock that blocks writes while it scans the table. NOT VALID does not exist for UNIQUE: build it with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … UNIQUE USING INDEX.`;
    return { rule: RULES.unique, ...where, message };
  }
  const rule = BY_SQUAWK_RULE[finding.rule_name] ?? RULES.sqlLint;
  const volatile = finding.rule_name === "adding-field-with-default" ? volatileCalls(text, m.functions) : [];
  const calls = volatile.length
    ? ` It calls ${volatile.join(", ")}(), which is volatile (pg_proc.provolatile = 'v'), so every row is rewritten.`
    : "";
  const help = finding.help ? ` ${finding.help}` : "";
  const message = `${unit?.description ?? "SQL"}${sql}: ${finding.message}${calls}${help} (squawk: ${finding.rule_name})`;
  return { rule, ...where, message };
}

const oneLine = (sql: string) => {
  const text = sql.replace(/\s+/g, " ").trim();
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/** Drops what the Django pass knows better: hazards on tables this plan created, safe widenings. */
function keep(hit: Hit, context: Map<string, UnitContext>): boolean {
  const unit = hit.unit === undefined ? undefined : context.get(unitKey({ app: hit.app, name: hit.migration }, hit.unit));
  if (unit?.newTable && (hit.rule.category === "contract" || hit.rule.category === "locking")) return false;
  if (unit?.defaultLater && hit.rule === RULES.notNullWithoutDbDefault) return false;
  return !(unit?.safeTypeChange && hit.rule === RULES.typeChange);
}
