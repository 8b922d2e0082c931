// Issue 15's accuracy cases: a history per false positive (a harmless change that blocked) and
// false negative (a hazard that passed), each analysed with real Django, PostgreSQL and squawk,
// and the gate's verdict asserted. Prod's policy unless said.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCURACY, CASES, migrationPy, modelsPy, ROW_BY_ROW } from "./cases.js";
import { baseRepo, DEV, FIXTURE, gate, rulesOf, scenario, useDjango } from "./helpers.js";

const django = useDjango();
let repo: { dir: string; base: string };

beforeAll(() => {
  repo = baseRepo();
});

const INITIAL_FILE = "shop/migrations/0001_initial.py";
const INITIAL = readFileSync(join(FIXTURE, INITIAL_FILE), "utf8");
const ORDER_FK = "product = models.ForeignKey(Product, on_delete=models.PROTECT)";
const FUTURE = INITIAL.replace(
  "import django.db.models.deletion\n",
  "from __future__ import unicode_literals\n\nimport django.db.models.deletion\n",
);

/** A live release whose applied 0001 is `initial`, and a candidate that edits it to `edited`. */
function editedHistory(initial: string, edited: string, extra: Record<string, string> = {}) {
  const live = scenario(repo, { [INITIAL_FILE]: initial });
  return scenario({ dir: live.dir, base: live.candidate }, { [INITIAL_FILE]: edited, ...extra });
}

describe("RW003 judges an edited applied migration by its effect", () => {
  it("removing `from __future__ import unicode_literals` is a notice, never a block", async () => {
    const report = await gate(django, editedHistory(FUTURE, INITIAL));
    expect([report.decision, rulesOf(report)]).toEqual(["allow", ["RW003-edited-migration:allowed"]]);
    expect(report.findings[0]).toMatchObject({ severity: "notice", file: INITIAL_FILE });
    expect(report.findings[0]?.message).toMatch(/still does the same: its operations \(and their SQL\) are unchanged/);
  });

  it("a no-op edit whose SQL is the same (a Python default, a keyword spelled out) is a notice", async () => {
    // A Python default changes what Django knows, not CREATE TABLE; null=False spelled out is the same field.
    const edited = INITIAL.replace("models.PositiveIntegerField(default=1)", "models.PositiveIntegerField(default=2, null=False)");
    const models = {
      "shop/models.py": modelsPy({
        order: [ORDER_FK, "quantity = models.PositiveIntegerField(default=2)", "created_at = models.DateTimeField(auto_now_add=True)"],
      }),
    };
    const report = await gate(django, editedHistory(INITIAL, edited, models));
    expect([report.decision, rulesOf(report)]).toEqual(["allow", ["RW003-edited-migration:allowed"]]);
  });

  it("an edit that changes the SQL stays broken, until acknowledged in the file or allowed for the run", async () => {
    const models = {
      "shop/models.py": modelsPy({ product: ["name = models.CharField(max_length=250)", "price_cents = models.PositiveIntegerField()"] }),
    };
    const edited = INITIAL.replace("max_length=200", "max_length=250");
    const report = await gate(django, editedHistory(INITIAL, edited, models), { policy: DEV });
    expect([report.decision, rulesOf(report)]).toEqual(["block", ["RW003-edited-migration:needs-approval"]]);
    expect(report.findings[0]?.message).toMatch(/# runway: allow RW003 — reason/);
    const allowed = await gate(django, editedHistory(INITIAL, edited, models), { approvals: { allow: ["RW003"], labels: [] } });
    expect([allowed.decision, rulesOf(allowed)]).toEqual(["allow", ["RW003-edited-migration:approved"]]);
    // The label approves the environment's policy, not a broken finding: it has to be named.
    const labelled = await gate(django, editedHistory(INITIAL, edited, models), {
      approvals: { allow: [], labels: ["runway/allow-migrations"] },
    });
    expect(labelled.decision).toBe("block");
    const acked = await gate(
      django,
      editedHistory(INITIAL, `# runway: allow RW003 — widened by hand on every database (#77)\n${edited}`, models),
    );
    expect([acked.decision, rulesOf(acked)]).toEqual(["allow", ["RW003-edited-migration:acknowledged"]]);
    expect(acked.findings[0]?.message).toMatch(/Acknowledged in the file: widened by hand on every database \(#77\)/);
  });
});

describe("a change with no database effect", () => {
  it("choices and help_text without a migration: a warning to run makemigrations, not broken", async () => {
    const report = await gate(django, scenario(repo, ACCURACY.choicesOnly));
    expect([report.decision, rulesOf(report)]).toEqual(["allow", ["RW002-missing-migration:warned"]]);
    expect(report.findings[0]).toMatchObject({ severity: "warning", file: "shop/models.py" });
    expect(report.findings[0]?.message).toMatch(/sqlmigrate would print no SQL\)\. Run manage\.py makemigrations/);
  });

  it("a missing migration that changes the database stays broken", async () => {
    const report = await gate(django, scenario(repo, CASES.noMigration));
    expect([report.decision, rulesOf(report)]).toEqual(["block", ["RW002-missing-migration:needs-approval"]]);
  });
});

describe("what can never be acknowledged", () => {
  it("conflicting leaves block, acknowledged and allowed or not", async () => {
    const file = "shop/migrations/0002_note.py";
    const acked = { ...CASES.twoLeaves, [file]: `# runway: allow RW001 — merged later\n${CASES.twoLeaves[file]}` };
    const report = await gate(django, scenario(repo, acked), { policy: DEV, approvals: { allow: ["RW001", "broken"], labels: [] } });
    expect(report.decision).toBe("block");
    expect(report.findings[0]).toMatchObject({ rule: "RW001-conflicting-leaves", resolution: "blocked" });
    expect(report.findings[0]?.message).toMatch(/Django cannot load or run this graph/);
  });
});

describe("rule fixes, each proved on PostgreSQL", () => {
  it("db_default=None on a NOT NULL column (DEFAULT NULL NOT NULL) is RW105 contract, not expand", async () => {
    const report = await gate(django, scenario(repo, ACCURACY.dbDefaultNone));
    expect([report.decision, rulesOf(report)]).toEqual(["block", ["RW105-not-null-without-db-default:needs-approval"]]);
    expect(report.findings[0]?.message).toMatch(/DEFAULT NULL NOT NULL/);
  });

  it("RW105 does not fire when a later operation of the same atomic migration gives the column a database default", async () => {
    const report = await gate(django, scenario(repo, ACCURACY.defaultLater));
    expect([report.decision, rulesOf(report)]).toEqual(["allow", ["RW011-add-column:allowed"]]);
    expect(report.findings[0]?.message).toMatch(/a later operation of this atomic migration \(line 11\) gives it a database default/);
    // Not atomic: an INSERT can come between the two operations, so RW105 stands.
    const file = "shop/migrations/0002_stock.py";
    const split = await gate(
      django,
      scenario(repo, {
        ...ACCURACY.defaultLater,
        [file]: (ACCURACY.defaultLater[file] as string).replace(
          "class Migration(migrations.Migration):\n",
          "class Migration(migrations.Migration):\n    atomic = False\n",
        ),
      }),
    );
    expect(rulesOf(split)).toContain("RW105-not-null-without-db-default:needs-approval");
  });

  it("RW208 does not fire for an immutable default (pi()); it does for a volatile one (random())", async () => {
    const pi = await gate(django, scenario(repo, ACCURACY.piDefault));
    expect([pi.decision, rulesOf(pi)]).toEqual(["allow", ["RW011-add-column:allowed"]]);
    const random = await gate(django, scenario(repo, ACCURACY.randomDefault));
    expect([random.decision, rulesOf(random)]).toEqual(["block", ["RW011-add-column:allowed", "RW208-volatile-default:needs-approval"]]);
    expect(random.findings[0]?.message).toMatch(/calls random\(\), which is volatile/);
  });

  it("a UNIQUE constraint is RW204 once, and no finding advises NOT VALID (PostgreSQL rejects it for UNIQUE)", async () => {
    const report = await gate(django, scenario(repo, ACCURACY.uniqueConstraint));
    expect(rulesOf(report)).toEqual(["RW204-unique-constraint:needs-approval"]);
    expect(report.findings.some((f) => /NOT VALID/.test(f.message) && !/NOT VALID does not exist/.test(f.message))).toBe(false);
    const sql = await gate(
      django,
      scenario(repo, {
        [`shop/migrations/0002_unique_sql.py`]: migrationPy([
          'migrations.RunSQL(\'ALTER TABLE "shop_product" ADD CONSTRAINT "product_name_uniq" UNIQUE ("name")\', migrations.RunSQL.noop)',
        ]),
      }),
    );
    expect(rulesOf(sql)).toEqual(["RW204-unique-constraint:needs-approval"]);
    expect(sql.findings[0]?.message).toMatch(/NOT VALID does not exist for UNIQUE: build it with CREATE UNIQUE INDEX CONCURRENTLY/);
  });

  it("RW209: a RunPython that saves every row of a queryset in one transaction is locking; atomic = False clears it", async () => {
    const report = await gate(django, scenario(repo, ACCURACY.rowByRow));
    expect([report.decision, rulesOf(report)]).toEqual(["block", ["RW209-row-by-row-data-migration:needs-approval"]]);
    expect(report.findings[0]).toMatchObject({ category: "locking", line: 17 });
    expect(report.findings[0]?.message).toMatch(/RunPython reprice \(line 7\) iterates a queryset and writes each row.*atomic = False/);
    const file = "shop/migrations/0002_reprice.py";
    const batched = await gate(
      django,
      scenario(repo, {
        [file]: migrationPy(["migrations.RunPython(reprice, migrations.RunPython.noop)"], { atomic: false, head: ROW_BY_ROW }),
      }),
    );
    expect([batched.decision, batched.findings]).toEqual(["allow", []]);
    // A filtered update() in one statement is not row by row.
    const bulk = await gate(django, scenario(repo, CASES.runPython), { policy: DEV });
    expect(rulesOf(bulk)).toEqual(["RW301-run-python-without-reverse:allowed"]);
  });
});

describe("adopting Runway where django-migration-linter is used", () => {
  it("honours the linter's IgnoreMigration() operation as an acknowledgement of the migration", async () => {
    const file = "shop/migrations/0002_drop_quantity.py";
    const linter =
      "from django.db.migrations.operations.base import Operation\n\n\nclass IgnoreMigration(Operation):\n    reversible = True\n    reduces_to_sql = False\n\n    def state_forwards(self, app_label, state):\n        pass\n\n    def database_forwards(self, app_label, schema_editor, from_state, to_state):\n        pass\n\n    def database_backwards(self, app_label, schema_editor, from_state, to_state):\n        pass\n\n    def describe(self):\n        return 'The Django migration linter will ignore this migration'\n";
    const ignored = {
      ...CASES.dropColumn,
      // A stand-in for the installed package, with its documented operation.
      "django_migration_linter/__init__.py": linter,
      [file]: migrationPy(["linter.IgnoreMigration()", 'migrations.RemoveField(model_name="order", name="quantity")'], {
        head: "import django_migration_linter as linter\n",
      }),
    };
    const report = await gate(django, scenario(repo, ignored));
    expect([report.decision, rulesOf(report)]).toEqual(["allow", ["RW101-drop-column:acknowledged"]]);
    expect(report.findings[0]?.message).toMatch(/django-migration-linter's IgnoreMigration\(\)/);
  });
});

describe("DATABASE_URL", () => {
  it("replaces the whole database entry: a project whose default database is SQLite (with OPTIONS) reaches PostgreSQL", async () => {
    const settings = readFileSync(join(repo.dir, "config/settings.py"), "utf8");
    const sqlite = `${settings}\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3", "OPTIONS": {"init_command": "PRAGMA foreign_keys = ON"}}}\n`;
    const report = await gate(django, scenario(repo, { ...CASES.safe, "config/settings.py": sqlite }));
    expect([report.decision, rulesOf(report)]).toEqual(["allow", ["RW010-create-table:allowed", "RW011-add-column:allowed"]]);
    expect(report.stats.postgres).toMatch(/^\d+\.\d+$/);
  });
});
