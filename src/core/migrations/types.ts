// The gate's vocabulary: what a finding is, what the report says, and the facts the Django
// helper (src/django/runway_django.py) reports, as it writes them.
import type { MigrationPolicy } from "../config/types.js";

export type Category = "expand" | "contract" | "locking" | "irreversible" | "broken";
/** Matches the annotation levels: error and warning annotate the migration line. */
export type Severity = "error" | "warning" | "notice";
/** What the environment's policy made of a finding. */
export type Resolution = "allowed" | "warned" | "acknowledged" | "approved" | "needs-approval" | "blocked";

export interface Finding {
  /** A stable id with a slug, e.g. "RW101-drop-column"; docs/migration-rules.md has one entry per id. */
  rule: string;
  category: Category;
  severity: Severity;
  app: string;
  /** The migration's name ("0002_add_stock"); for a missing migration, the name Django would give it. */
  migration: string;
  /** Relative to the repository root, so that an annotation lands on the file in the diff. */
  file: string;
  line: number;
  message: string;
  resolution: Resolution;
}

export interface PlanEntry {
  app: string;
  name: string;
  file: string;
  /** False when any operation cannot be reversed (RunPython or RunSQL without a reverse). */
  reversible: boolean;
  /** The categories of its findings, for the release record and migration-aware rollback. */
  categories: Category[];
}

export interface GateReport {
  decision: "allow" | "block";
  /** The commit whose migrations are taken as applied; null when nothing is live. */
  base: string | null;
  candidate: string;
  /** Migrations new since the base, in the order migrate applies them. */
  plan: PlanEntry[];
  findings: Finding[];
  /** The leaf migration of each app in the candidate ("app.name"): the schema after this release. */
  leaves?: string[];
}

export interface GatePolicy {
  policy: Record<Exclude<Category, "broken">, MigrationPolicy>;
  approvalLabel: string;
}

export interface Approvals {
  /** Rule ids ("RW101" or "RW101-drop-column") or categories approved, e.g. from the `allow` input. */
  allow: string[];
  /** Labels of the pull request that brought the candidate. */
  labels: string[];
}

// ---------------------------------------------------------------- the helper's facts

export interface FieldFacts {
  name: string;
  column: string | null;
  dbType: string | null;
  null: boolean;
  hasDefault: boolean;
  hasDbDefault: boolean;
  /** db_default=None: the column's default is NULL, which a NOT NULL column cannot take. */
  dbDefaultNull?: boolean;
  unique: boolean;
  dbIndex: boolean;
  foreignKey: boolean;
  manyToMany: boolean;
}

/** One operation that reaches the database (a SeparateDatabaseAndState contributes each database operation). */
export interface UnitFacts {
  type: string;
  module: string;
  description: string;
  model: string | null;
  tableBefore: string | null;
  tableAfter: string | null;
  reversible: boolean;
  reducesToSql: boolean;
  field?: FieldFacts | null;
  oldField?: FieldFacts | null;
  hasReverse?: boolean;
  constraint?: string;
  uniqueAdded?: boolean;
  /** RunPython whose function loops over a queryset and writes each row (save() or update()). */
  rowByRow?: { function: string; line: number } | null;
  /** "2", or "2.0" for the first database operation of operation 2. */
  path: string;
  line: number;
  sqlError: string | null;
}

export interface MigrationFacts {
  app: string;
  name: string;
  /** Relative to the project directory. */
  file: string;
  line: number;
  atomic: boolean;
  initial: boolean;
  replaces: string[];
  units: UnitFacts[];
  statements: { unit: number | null; sql: string }[];
  sqlError: string | null;
  /** pg_proc.provolatile of each function its SQL calls ({} without a database). */
  functions?: Record<string, string>;
}

export interface MissingMigration {
  app: string;
  name: string;
  operations: string[];
  file: string | null;
  line: number;
  /** Every operation's SQL is empty (choices, help_text, validators…): Django's state only. */
  stateOnly?: boolean;
}

export interface DjangoFacts {
  django: string;
  postgres: string | null;
  migrations: { app: string; name: string; file: string }[];
  leaves: string[];
  conflicts: Record<string, string[]>;
  replaced: string[];
  plan: MigrationFacts[];
  missing: MissingMigration[];
  missingError: string | null;
  unchanged: string[];
  /** Modified files whose operations, or SQL and Python, are the same as the base's. */
  sameEffect?: string[];
  maxRssKb: number;
  /** Where the helper's time went (ms): spawn (when, since the process started), python start-up, prewarm, wait, imports, django, connect, graph, walk (analysis of the new migrations included), missing, sameEffect, exit. */
  timings?: Record<string, number>;
}
