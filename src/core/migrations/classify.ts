// The Django pass's rules: each planned operation, with the model state before and after it,
// becomes findings. Here lives what SQL alone cannot show, such as a Python default that Django
// drops from the database right after adding the column.
import { type Hit, unitHit } from "./hits.js";
import { RULES } from "./rules.js";
import type { FieldFacts, MigrationFacts, UnitFacts } from "./types.js";

/** What the SQL pass must know about an operation to judge its SQL the way this pass does. */
export interface UnitContext {
  /** The table was created earlier in this plan: it is empty and the old code never used it. */
  newTable: boolean;
  /** A type change PostgreSQL does without a rewrite (e.g. varchar(100) → varchar(200)). */
  safeTypeChange: boolean;
  /** An added NOT NULL column that a later operation of the same atomic migration gives a database default. */
  defaultLater: boolean;
}

export const unitKey = (m: { app: string; name: string }, path: string) => `${m.app}.${m.name}#${path}`;

type Rules = (m: MigrationFacts, u: UnitFacts) => Hit[];

const col = (f: FieldFacts | null | undefined) => f?.column ?? f?.name ?? "?";

/** Operations that only change what Django knows, or that are cheap, have no rule. */
const BY_TYPE: Record<string, Rules> = {
  CreateModel: (m, u) => [
    unitHit(RULES.createTable, m, u, `${u.description}: a new table (${u.tableAfter}); the old code does not know it.`),
  ],
  DeleteModel: (m, u) => [
    unitHit(RULES.dropTable, m, u, `${u.description} drops table ${u.tableBefore}, which the running release still queries.`),
  ],
  RenameModel: renameTable,
  AlterModelTable: renameTable,
  AddField: addField,
  RemoveField: (m, u) =>
    u.oldField?.manyToMany
      ? [unitHit(RULES.dropTable, m, u, `${u.description} drops its many-to-many table, which the running release still queries.`)]
      : [
          unitHit(
            RULES.dropColumn,
            m,
            u,
            `${u.description} drops column ${u.tableBefore}.${col(u.oldField)}, which the running release still selects and inserts.`,
          ),
        ],
  RenameField: (m, u) =>
    col(u.oldField) === col(u.field)
      ? []
      : [
          unitHit(
            RULES.renameColumn,
            m,
            u,
            `${u.description} renames column ${col(u.oldField)} to ${col(u.field)}; the running release still uses the old name.`,
          ),
        ],
  AlterField: alterField,
  AddIndex: (m, u) => [
    unitHit(RULES.index, m, u, `${u.description} without CONCURRENTLY: writes to ${u.tableBefore} wait until the index is built.`),
  ],
  RemoveIndex: (m, u) => [
    unitHit(RULES.dropIndex, m, u, `${u.description} without CONCURRENTLY: takes an ACCESS EXCLUSIVE lock on ${u.tableBefore}.`),
  ],
  AddIndexConcurrently: concurrent,
  RemoveIndexConcurrently: concurrent,
  AddConstraint: addConstraint,
  AddConstraintNotValid: (m, u) => [
    unitHit(RULES.notValid, m, u, `${u.description} NOT VALID: existing rows are checked later, without blocking writes.`),
  ],
  ValidateConstraint: (m, u) => [
    unitHit(RULES.notValid, m, u, `${u.description}: validation takes a lock that lets reads and writes go on.`),
  ],
  AlterUniqueTogether: (m, u) =>
    u.uniqueAdded
      ? [unitHit(RULES.unique, m, u, `${u.description} builds a unique index without CONCURRENTLY, blocking writes to ${u.tableBefore}.`)]
      : [],
  RunPython: runPython,
  RunSQL: (m, u) =>
    u.hasReverse
      ? []
      : [
          unitHit(
            RULES.runSql,
            m,
            u,
            `RunSQL without reverse_sql: migrating back past ${m.app}.${m.name} raises IrreversibleError, so a rollback cannot undo it.`,
          ),
        ],
};

function renameTable(m: MigrationFacts, u: UnitFacts): Hit[] {
  if (u.tableBefore === u.tableAfter) return [];
  return [
    unitHit(
      RULES.renameTable,
      m,
      u,
      `${u.description} renames table ${u.tableBefore} to ${u.tableAfter}; the running release still uses the old name.`,
    ),
  ];
}

function addField(m: MigrationFacts, u: UnitFacts): Hit[] {
  const f = u.field;
  if (!f) return [];
  if (f.manyToMany) return [unitHit(RULES.createTable, m, u, `${u.description}: a new many-to-many table; the old code does not know it.`)];
  const later = defaultedLater(m, u, f);
  const hits = [usableDefault(f) ? addColumnHit(m, u, f) : later ? addColumnLaterHit(m, u, f, later) : notNullHit(m, u, f)];
  if (f.unique)
    hits.push(
      unitHit(
        RULES.unique,
        m,
        u,
        `${u.description} is unique: its index is built without CONCURRENTLY, blocking writes to ${u.tableBefore}.`,
      ),
    );
  else if (f.dbIndex)
    hits.push(
      unitHit(
        RULES.index,
        m,
        u,
        `${u.description} is indexed: the index is built without CONCURRENTLY, blocking writes to ${u.tableBefore}.`,
      ),
    );
  if (f.foreignKey)
    hits.push(
      unitHit(
        RULES.foreignKey,
        m,
        u,
        `${u.description} adds a foreign key validated at once, locking ${u.tableBefore} and the table it references.`,
      ),
    );
  return hits;
}

/** Old code's INSERTs, which omit the column, work: it is nullable or has a non-NULL database default. */
const usableDefault = (f: FieldFacts) => f.null || (f.hasDbDefault && !f.dbDefaultNull);

/**
 * The migration's net effect on a column added NOT NULL with a Python default: a later AlterField of the same atomic migration that gives it a database
 * default, or makes it nullable. ADD COLUMN holds an ACCESS EXCLUSIVE lock on the table until
 * the transaction commits, so no INSERT can come in between.
 */
function defaultedLater(m: MigrationFacts, u: UnitFacts, f: FieldFacts): UnitFacts | undefined {
  if (!m.atomic || f.dbDefaultNull) return undefined;
  const index = m.units.indexOf(u);
  const same = m.units
    .slice(index + 1)
    .filter((o) => o.type === "AlterField" && o.tableBefore === u.tableAfter && o.field && col(o.field) === col(f));
  const last = same.at(-1);
  return last?.field && usableDefault(last.field) ? last : undefined;
}

function addColumnLaterHit(m: MigrationFacts, u: UnitFacts, f: FieldFacts, later: UnitFacts): Hit {
  const what = later.field?.null ? "makes it nullable" : "gives it a database default";
  return unitHit(
    RULES.addColumn,
    m,
    u,
    `${u.description}: NOT NULL, and a later operation of this atomic migration (line ${later.line}) ${what} before any INSERT can run, so INSERTs from the running release work (${f.name}).`,
  );
}

function addColumnHit(m: MigrationFacts, u: UnitFacts, f: FieldFacts): Hit {
  const how = f.null ? "nullable" : "NOT NULL with db_default, so INSERTs from the running release get the database default";
  return unitHit(RULES.addColumn, m, u, `${u.description}: ${how}.`);
}

function notNullHit(m: MigrationFacts, u: UnitFacts, f: FieldFacts): Hit {
  const why = f.dbDefaultNull
    ? "db_default=None makes its database default NULL (DEFAULT NULL NOT NULL): adding it fails on a table that has rows (the existing rows get NULL)"
    : f.hasDefault
      ? "its default is Python-side only: Django drops the database default right after adding the column"
      : "it has no default";
  return unitHit(
    RULES.notNullWithoutDbDefault,
    m,
    u,
    `${u.description}: NOT NULL and ${why}, so INSERTs from the running release, which does not know ${f.name}, fail. Use db_default, or add it nullable first.`,
  );
}

function alterField(m: MigrationFacts, u: UnitFacts): Hit[] {
  const [o, f] = [u.oldField, u.field];
  if (!o || !f) return [];
  const hits: Hit[] = [];
  const say = (rule: (typeof RULES)[keyof typeof RULES], text: string) => hits.push(unitHit(rule, m, u, `${u.description}: ${text}`));
  if (col(o) !== col(f)) say(RULES.renameColumn, `renames column ${col(o)} to ${col(f)}; the running release still uses the old name.`);
  if (o.null && !f.null)
    say(
      RULES.setNotNull,
      `SET NOT NULL scans ${u.tableBefore} under an ACCESS EXCLUSIVE lock, and the running release may still write NULL.`,
    );
  const retyped = o.dbType !== f.dbType;
  if (retyped && !widens(o.dbType, f.dbType))
    say(
      RULES.typeChange,
      `changes ${col(f)} from ${o.dbType} to ${f.dbType}: a table rewrite under an ACCESS EXCLUSIVE lock, and casts can fail.`,
    );
  else if ((!o.null && f.null) || retyped)
    say(RULES.relax, `relaxes ${col(f)} (${o.dbType} ${o.null ? "NULL" : "NOT NULL"} → ${f.dbType} ${f.null ? "NULL" : "NOT NULL"}).`);
  if (!o.unique && f.unique)
    say(RULES.unique, `makes ${col(f)} unique: the index is built without CONCURRENTLY, and the running release may insert duplicates.`);
  else if (!o.dbIndex && f.dbIndex) say(RULES.index, `indexes ${col(f)} without CONCURRENTLY, blocking writes to ${u.tableBefore}.`);
  if (o.dbIndex && !f.dbIndex && !f.unique) say(RULES.dropIndex, `drops the index on ${col(f)} without CONCURRENTLY.`);
  if (!o.foreignKey && f.foreignKey)
    say(RULES.foreignKey, `adds a foreign key validated at once, locking ${u.tableBefore} and the table it references.`);
  return hits;
}

/** Widening a varchar, varchar to text, or more numeric precision at the same scale: no rewrite. */
export function widens(from: string | null, to: string | null): boolean {
  if (!from || !to) return false;
  const varchar = (t: string) => /^varchar(?:\((\d+)\))?$/.exec(t);
  const numeric = (t: string) => /^numeric\((\d+), ?(\d+)\)$/.exec(t);
  const [vf, vt] = [varchar(from), varchar(to)];
  if (vf && (to === "text" || (vt && (vt[1] === undefined || Number(vt[1]) >= Number(vf[1] ?? Number.POSITIVE_INFINITY))))) return true;
  const [nf, nt] = [numeric(from), numeric(to)];
  return Boolean(nf && nt && nf[2] === nt[2] && Number(nt[1]) >= Number(nf[1]));
}

function concurrent(m: MigrationFacts, u: UnitFacts): Hit[] {
  if (m.atomic) {
    return [
      unitHit(
        RULES.concurrentInAtomic,
        m,
        u,
        `${u.description}: ${u.type} cannot run inside a transaction, so migrate fails; set atomic = False on the migration.`,
      ),
    ];
  }
  return [unitHit(RULES.concurrentIndex, m, u, `${u.description} CONCURRENTLY: reads and writes go on while it runs.`)];
}

function addConstraint(m: MigrationFacts, u: UnitFacts): Hit[] {
  if (u.constraint === "UniqueConstraint") {
    return [
      unitHit(
        RULES.unique,
        m,
        u,
        `${u.description}: the unique index is built without CONCURRENTLY, and the running release may insert duplicates.`,
      ),
    ];
  }
  return [unitHit(RULES.check, m, u, `${u.description}: every row is checked under a lock that blocks writes to ${u.tableBefore}.`)];
}

function runPython(m: MigrationFacts, u: UnitFacts): Hit[] {
  const hits: Hit[] = [];
  if (!u.hasReverse) {
    hits.push(
      unitHit(
        RULES.runPython,
        m,
        u,
        `RunPython without reverse_code: migrating back past ${m.app}.${m.name} raises IrreversibleError, so a rollback cannot undo it.`,
      ),
    );
  }
  const schema = m.units.some((other) => other.reducesToSql && other.type !== "RunSQL" && other.path !== u.path);
  if (m.atomic && schema) {
    hits.push(
      unitHit(
        RULES.dataInDdl,
        m,
        u,
        `RunPython in an atomic migration that also changes the schema: the schema locks are held until the data migration ends.`,
      ),
    );
  }
  if (m.atomic && u.rowByRow) {
    const { function: name, line } = u.rowByRow;
    hits.push(
      unitHit(
        RULES.rowByRow,
        m,
        u,
        `RunPython ${name} (line ${line}) iterates a queryset and writes each row, all in the migration's one transaction: every row it writes stays locked until the whole table is done, and the transaction holds back vacuum. Batch it: atomic = False on the migration and a transaction per batch of ids (or bulk_update per batch), or run it as a batch job.`,
      ),
    );
  }
  return hits;
}

/** Findings of the Django pass, and what the SQL pass needs to know per operation. */
export function classifyPlan(plan: MigrationFacts[]): { hits: Hit[]; context: Map<string, UnitContext> } {
  const created = new Set<string>();
  const hits: Hit[] = [];
  const context = new Map<string, UnitContext>();
  for (const m of plan) {
    for (const u of m.units) {
      const newTable = u.tableBefore !== null && created.has(u.tableBefore);
      const safeTypeChange = u.type === "AlterField" && widens(u.oldField?.dbType ?? null, u.field?.dbType ?? null);
      const defaultLater = u.type === "AddField" && Boolean(u.field && defaultedLater(m, u, u.field));
      context.set(unitKey(m, u.path), { newTable, safeTypeChange, defaultLater });
      const found = (BY_TYPE[u.type]?.(m, u) ?? []).filter((hit) => !(newTable && dropsOnNewTable(hit)));
      hits.push(...found);
      if (u.tableAfter && (u.type === "CreateModel" || newTable)) created.add(u.tableAfter);
    }
  }
  return { hits, context };
}

/** On a table this plan created, contract and locking hazards do not apply: nobody uses it yet. */
export const dropsOnNewTable = (hit: Hit) => hit.rule.category === "contract" || hit.rule.category === "locking";
