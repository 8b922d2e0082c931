// Runway's migration rules. Ids never change meaning: a finding, an acknowledgement comment and
// docs/migration-rules.md all name them. The numbering groups them by category.
import type { Category } from "./types.js";

export interface Rule {
  id: string;
  category: Category;
  /** One line, said in every finding of the rule. */
  title: string;
}

const rule = (id: string, category: Category, title: string): Rule => ({ id, category, title });

export const RULES = {
  conflict: rule("RW001-conflicting-leaves", "broken", "more than one leaf migration in an app"),
  missing: rule("RW002-missing-migration", "broken", "model changes without a migration"),
  edited: rule("RW003-edited-migration", "broken", "a migration the live release applied was edited"),
  deleted: rule("RW004-deleted-migration", "broken", "a migration the live release applied was deleted or renamed"),
  concurrentInAtomic: rule("RW005-concurrent-in-atomic", "broken", "a concurrent operation in an atomic migration"),

  createTable: rule("RW010-create-table", "expand", "creates a table"),
  addColumn: rule("RW011-add-column", "expand", "adds a column the old code can ignore"),
  concurrentIndex: rule("RW012-index-concurrently", "expand", "builds or drops an index concurrently"),
  notValid: rule("RW013-constraint-not-valid", "expand", "adds a constraint NOT VALID, or validates one without blocking"),
  relax: rule("RW014-relax-column", "expand", "relaxes a column (drops NOT NULL or widens its type)"),

  dropColumn: rule("RW101-drop-column", "contract", "drops a column the old code still reads"),
  dropTable: rule("RW102-drop-table", "contract", "drops a table the old code still reads"),
  renameColumn: rule("RW103-rename-column", "contract", "renames a column the old code still uses"),
  renameTable: rule("RW104-rename-table", "contract", "renames a table the old code still uses"),
  notNullWithoutDbDefault: rule("RW105-not-null-without-db-default", "contract", "adds a NOT NULL column without a database default"),
  setNotNull: rule("RW106-set-not-null", "contract", "makes an existing column NOT NULL"),

  index: rule("RW201-index-not-concurrent", "locking", "builds an index without CONCURRENTLY"),
  dropIndex: rule("RW202-drop-index-not-concurrent", "locking", "drops an index without CONCURRENTLY"),
  foreignKey: rule("RW203-validated-foreign-key", "locking", "adds a foreign key validated at once"),
  unique: rule("RW204-unique-constraint", "locking", "adds a unique constraint or primary key"),
  check: rule("RW205-validated-check", "locking", "adds a CHECK or exclusion constraint validated at once"),
  typeChange: rule("RW206-change-column-type", "locking", "changes a column's type"),
  dataInDdl: rule("RW207-data-migration-in-ddl-transaction", "locking", "runs Python in the same transaction as schema changes"),
  volatileDefault: rule("RW208-volatile-default", "locking", "adds a column with a volatile default"),
  rowByRow: rule("RW209-row-by-row-data-migration", "locking", "updates a table row by row in one transaction"),
  sqlLint: rule("RW290-sql-lint", "locking", "risky SQL"),

  runPython: rule("RW301-run-python-without-reverse", "irreversible", "RunPython without reverse_code"),
  runSql: rule("RW302-run-sql-without-reverse", "irreversible", "RunSQL without reverse_sql"),
} as const satisfies Record<string, Rule>;

export const ALL_RULES: Rule[] = Object.values(RULES);

/**
 * Broken findings about a graph Django cannot load or run: no acknowledgement or approval lifts
 * them (migrate would fail). The other broken rules can be acknowledged or allowed by id.
 */
export const UNRUNNABLE: ReadonlySet<string> = new Set([RULES.conflict.id, RULES.concurrentInAtomic.id]);

/** "RW101" of "RW101-drop-column": what acknowledgements and the allow input may use. */
export const shortId = (id: string) => id.split("-", 1)[0] as string;

/** The anchor of a rule's entry in docs/migration-rules.md. */
export const docsAnchor = (id: string) => id.toLowerCase();

/** Does `token` (an id, a short id or a category, any case) name this rule? */
export function names(token: string, rule: { rule: string; category: Category }): boolean {
  const t = token.trim().toLowerCase();
  return t !== "" && (t === rule.rule.toLowerCase() || t === shortId(rule.rule).toLowerCase() || t === rule.category);
}
