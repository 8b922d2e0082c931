// The acceptance cases: a git history of the real Django fixture per kind of migration, each
// analysed with real Django, real PostgreSQL and squawk, judged by prod's policy unless said.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CASES, migrationPy, modelsPy } from "./cases.js";
import { baseRepo, DEV, FIXTURE, gate, QA, rulesOf, scenario, useDjango } from "./helpers.js";

const django = useDjango();
let repo: { dir: string; base: string };

beforeAll(() => {
  repo = baseRepo();
});

const INITIAL = readFileSync(join(FIXTURE, "shop/migrations/0001_initial.py"), "utf8");

describe("the migration gate on the fixture's history", () => {
  it("allows a safe migration: a nullable column and a new table (its index and foreign key are on an empty table)", async () => {
    const report = await gate(django, scenario(repo, CASES.safe));
    expect(report.decision).toBe("allow");
    expect(rulesOf(report)).toEqual(["RW010-create-table:allowed", "RW011-add-column:allowed"]);
    expect(report.plan).toEqual([
      { app: "shop", name: "0002_safe", file: "shop/migrations/0002_safe.py", reversible: true, categories: ["expand"] },
    ]);
    expect(report.base).toBe(repo.base);
    expect(report.findings.every((f) => f.severity === "notice")).toBe(true);
  });

  it("drop column: contract; prod needs approval, the allow input or the PR label gives it, dev allows", async () => {
    const s = scenario(repo, CASES.dropColumn);
    const prod = await gate(django, s);
    expect(prod.decision).toBe("block");
    expect(prod.findings).toEqual([
      {
        rule: "RW101-drop-column",
        category: "contract",
        severity: "error",
        app: "shop",
        migration: "0002_drop_quantity",
        file: "shop/migrations/0002_drop_quantity.py",
        line: 10,
        message: expect.stringMatching(
          /drops column shop_order\.quantity, which the running release still selects.*Needs approval: add the label "runway\/allow-migrations"/,
        ),
        resolution: "needs-approval",
      },
    ]);
    expect(prod.logger.lines).toContain("group SQL pass (squawk)");
    const allowed = await gate(django, s, { approvals: { allow: ["RW101"], labels: [] } });
    expect([allowed.decision, rulesOf(allowed)]).toEqual(["allow", ["RW101-drop-column:approved"]]);
    const labelled = await gate(django, s, { approvals: { allow: [], labels: ["runway/allow-migrations"] } });
    expect(labelled.decision).toBe("allow");
    const dev = await gate(django, s, { policy: DEV });
    expect([dev.decision, rulesOf(dev)]).toEqual(["allow", ["RW101-drop-column:allowed"]]);
  });

  it("rename: one contract finding, though Django and squawk both see it", async () => {
    const report = await gate(django, scenario(repo, CASES.rename), { policy: QA });
    expect(report.decision).toBe("allow");
    expect(rulesOf(report)).toEqual(["RW103-rename-column:warned"]);
    expect(report.findings[0]?.severity).toBe("warning");
    expect(report.findings[0]?.message).toMatch(/renames column name to title/);
  });

  it("NOT NULL with a Python default: contract, because Django drops the database default", async () => {
    const report = await gate(django, scenario(repo, CASES.pythonDefault));
    expect(report.decision).toBe("block");
    expect(rulesOf(report)).toEqual(["RW105-not-null-without-db-default:needs-approval"]);
    expect(report.findings[0]?.message).toMatch(/Python-side only.*Use db_default/);
  });

  it("NOT NULL with db_default: expand, allowed in prod", async () => {
    const report = await gate(django, scenario(repo, CASES.dbDefault));
    expect(report.decision).toBe("allow");
    expect(rulesOf(report)).toEqual(["RW011-add-column:allowed"]);
    expect(report.findings[0]?.message).toMatch(/db_default/);
  });

  it("a non-concurrent index: locking", async () => {
    const report = await gate(django, scenario(repo, CASES.index));
    expect(report.decision).toBe("block");
    expect(rulesOf(report)).toEqual(["RW201-index-not-concurrent:needs-approval"]);
    expect(report.findings[0]).toMatchObject({ file: "shop/migrations/0002_name_index.py", line: 10 });
  });

  it("a concurrent index with atomic = False: expand; in an atomic migration it is broken", async () => {
    const ok = await gate(django, scenario(repo, CASES.concurrentIndex));
    expect([ok.decision, rulesOf(ok)]).toEqual(["allow", ["RW012-index-concurrently:allowed"]]);
    const file = "shop/migrations/0002_name_index.py";
    const atomic = { ...CASES.concurrentIndex, [file]: (CASES.concurrentIndex[file] as string).replace("    atomic = False\n", "") };
    const broken = await gate(django, scenario(repo, atomic), { policy: DEV });
    expect([broken.decision, rulesOf(broken)]).toEqual(["block", ["RW005-concurrent-in-atomic:blocked"]]);
  });

  it("RunPython without a reverse: irreversible, which prod blocks; reverse_code=noop clears it", async () => {
    const report = await gate(django, scenario(repo, CASES.runPython));
    expect(report.decision).toBe("block");
    expect(rulesOf(report)).toEqual(["RW301-run-python-without-reverse:blocked"]);
    expect(report.plan[0]?.reversible).toBe(false);
    const file = "shop/migrations/0002_backfill.py";
    const noop = {
      [file]: (CASES.runPython[file] as string).replace("RunPython(backfill)", "RunPython(backfill, migrations.RunPython.noop)"),
    };
    const fixed = await gate(django, scenario(repo, noop));
    expect([fixed.decision, fixed.findings]).toEqual(["allow", []]);
  });

  it("two leaf nodes: broken, blocking even where everything else is allowed", async () => {
    const report = await gate(django, scenario(repo, CASES.twoLeaves), { policy: DEV });
    expect(report.decision).toBe("block");
    expect(rulesOf(report)).toEqual(["RW001-conflicting-leaves:blocked", "RW011-add-column:allowed", "RW011-add-column:allowed"]);
    expect(report.findings[0]?.message).toMatch(/shop has 2 leaf migrations \(0002_description, 0002_note\)/);
  });

  it("a model change without a migration: broken, pointing at the model", async () => {
    const report = await gate(django, scenario(repo, CASES.noMigration), { policy: DEV });
    expect(report.decision).toBe("block");
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: "RW002-missing-migration", migration: "0002_product_sku", file: "shop/models.py", line: 4 }),
    ]);
    expect(report.findings[0]?.message).toMatch(/Add field sku to product/);
  });

  it("an edited applied migration: broken; a comment-only edit is not", async () => {
    const edited = {
      "shop/migrations/0001_initial.py": INITIAL.replace("max_length=200", "max_length=250"),
      "shop/models.py": modelsPy({ product: ["name = models.CharField(max_length=250)", "price_cents = models.PositiveIntegerField()"] }),
    };
    const report = await gate(django, scenario(repo, edited), { policy: DEV });
    expect(report.decision).toBe("block");
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: "RW003-edited-migration",
        file: "shop/migrations/0001_initial.py",
        line: 1,
        resolution: "needs-approval",
      }),
    ]);
    expect(report.plan).toEqual([]);
    const commented = await gate(django, scenario(repo, { "shop/migrations/0001_initial.py": `# reviewed in #42\n${INITIAL}` }), {
      policy: DEV,
    });
    expect([commented.decision, commented.findings]).toEqual(["allow", []]);
  });
});

describe("beyond the acceptance cases", () => {
  it("an acknowledgement comment in the migration lets prod through; block still blocks", async () => {
    const file = "shop/migrations/0002_drop_quantity.py";
    const acked = { ...CASES.dropColumn, [file]: `# runway: allow RW101 — quantity unused since release 41\n${CASES.dropColumn[file]}` };
    const report = await gate(django, scenario(repo, acked));
    expect([report.decision, rulesOf(report)]).toEqual(["allow", ["RW101-drop-column:acknowledged"]]);
    expect(report.findings[0]?.message).toMatch(/Acknowledged in the migration: quantity unused since release 41/);
    const strict = await gate(django, scenario(repo, acked), { policy: { ...DEV, policy: { ...DEV.policy, contract: "block" } } });
    expect(rulesOf(strict)).toEqual(["RW101-drop-column:blocked"]);
  });

  it("widening a varchar is not a type change (squawk's finding is overruled); narrowing is", async () => {
    const alter = (n: number) => ({
      "shop/models.py": modelsPy({ product: [`name = models.CharField(max_length=${n})`, "price_cents = models.PositiveIntegerField()"] }),
      "shop/migrations/0002_name_length.py": migrationPy([
        `migrations.AlterField(model_name="product", name="name", field=models.CharField(max_length=${n}))`,
      ]),
    });
    const wider = await gate(django, scenario(repo, alter(300)));
    expect([wider.decision, rulesOf(wider)]).toEqual(["allow", ["RW014-relax-column:allowed"]]);
    const narrower = await gate(django, scenario(repo, alter(100)));
    expect(rulesOf(narrower)).toEqual(["RW206-change-column-type:needs-approval"]);
  });

  it("a deleted applied migration is broken, and so is a renamed one", async () => {
    const deleted = await gate(django, scenario(repo, { "shop/migrations/0001_initial.py": null }), { policy: DEV, sql: false });
    expect(deleted.findings).toContainEqual(
      expect.objectContaining({ rule: "RW004-deleted-migration", migration: "0001_initial", resolution: "needs-approval" }),
    );
    const s = scenario(repo, {});
    const { git, commit } = await import("./helpers.js");
    git(s.dir, "mv", "shop/migrations/0001_initial.py", "shop/migrations/0001_first.py");
    const renamed = await gate(django, { ...s, candidate: commit(s.dir, "rename") }, { policy: DEV });
    expect(renamed.findings[0]).toMatchObject({ rule: "RW004-deleted-migration", file: "shop/migrations/0001_first.py" });
    expect(renamed.findings[0]?.message).toMatch(/renamed to shop\/migrations\/0001_first\.py: Django will see a new migration/);
  });

  it("with nothing live, every migration is new", async () => {
    const report = await gate(django, { dir: repo.dir, base: null, candidate: repo.base });
    expect(report.base).toBeNull();
    expect(report.plan.map((p) => p.name)).toEqual(["0001_initial"]);
    expect(rulesOf(report)).toEqual(["RW010-create-table:allowed", "RW010-create-table:allowed"]);
  });
});
