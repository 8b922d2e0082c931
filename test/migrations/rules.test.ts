// The parts of the gate that need neither Python nor PostgreSQL: rules and their docs,
// acknowledgements, policy, type widening and the SQL-to-operation line map.
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { errorJson, migrationsCli } from "../../src/cli/migrations.js";
import { SQUAWK_VERSION, splitList } from "../../src/commands/migrations.js";
import { ConfigurationError } from "../../src/shared/errors.js";
import { widens } from "../../src/core/migrations/classify.js";
import type { Hit } from "../../src/core/migrations/hits.js";
import { acknowledgements, ALL_RULES, RULES } from "../../src/core/migrations/index.js";
import { decide, judge } from "../../src/core/migrations/policy.js";
import { sqlFile, volatileCalls } from "../../src/core/migrations/sql.js";
import type { MigrationFacts } from "../../src/core/migrations/types.js";
import { DEV, PROD, QA } from "./helpers.js";

const hit = (rule: Hit["rule"], file = "shop/migrations/0002_x.py"): Hit => ({
  rule,
  app: "shop",
  migration: "0002_x",
  file,
  line: 7,
  message: "m.",
});
const none = { allow: [], labels: [] };

describe("rules", () => {
  it("have unique ids whose number gives the category, and a docs entry each", () => {
    const docs = readFileSync("docs/migration-rules.md", "utf8");
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const first = { broken: "0", expand: "0", contract: "1", locking: "2", irreversible: "3" };
    for (const rule of ALL_RULES) {
      expect(rule.id).toMatch(/^RW\d{3}-[a-z0-9-]+$/);
      expect(rule.id[2], rule.id).toBe(first[rule.category]);
      expect(docs, rule.id).toContain(`### ${rule.id}\n`);
      // The table of all rules says the PostgreSQL behaviour that justifies each.
      expect(docs, rule.id).toMatch(
        new RegExp(`^\\| \\[${rule.id}\\]\\(#${rule.id.toLowerCase()}\\) \\| ${rule.category} \\| .{20,} \\|$`, "m"),
      );
    }
  });

  it("pins the squawk version package.json installs", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.dependencies["squawk-cli"]).toBe(SQUAWK_VERSION);
  });
});

describe("acknowledgements", () => {
  it("read rule ids and the reason from `# runway: allow` comments", () => {
    const source =
      "# runway: allow RW101 — unused since r41\n# runway: allow rw201-index-not-concurrent, RW203: small table\n#runway:allow RW301\n# runway: allow nothing\n";
    expect(Object.fromEntries(acknowledgements(source))).toEqual({
      RW101: "unused since r41",
      RW201: "small table",
      RW203: "small table",
      RW301: "no reason given",
    });
  });
});

describe("policy", () => {
  const acked = new Map([["shop/migrations/0002_x.py", acknowledgements("# runway: allow RW101 - fine")]]);

  it("maps each policy to a resolution and severity; broken always blocks", () => {
    const hits = [hit(RULES.conflict), hit(RULES.addColumn), hit(RULES.dropColumn), hit(RULES.index), hit(RULES.runPython)];
    const prod = judge(hits, PROD, none, new Map(), "app/");
    expect(prod.map((f) => [f.rule.slice(0, 5), f.resolution, f.severity])).toEqual([
      ["RW001", "blocked", "error"],
      ["RW101", "needs-approval", "error"],
      ["RW201", "needs-approval", "error"],
      ["RW301", "blocked", "error"],
      ["RW011", "allowed", "notice"],
    ]);
    expect(prod[0]?.file).toBe("app/shop/migrations/0002_x.py");
    expect(decide(prod)).toBe("block");
    const qa = judge(hits.slice(1), QA, none, new Map(), "");
    expect([qa.map((f) => f.resolution), decide(qa)]).toEqual([["warned", "warned", "warned", "allowed"], "allow"]);
    expect(decide(judge(hits, DEV, { allow: ["broken"], labels: ["runway/allow-migrations"] }, acked, ""))).toBe("block");
  });

  it("approves by rule id, short id, category or label; acknowledges but never lifts block", () => {
    const approve = (allow: string[], labels: string[] = []) =>
      judge([hit(RULES.dropColumn)], PROD, { allow, labels }, new Map(), "")[0]?.resolution;
    expect([
      approve(["rw101"]),
      approve(["RW101-drop-column"]),
      approve(["contract"]),
      approve(["locking"]),
      approve([], ["runway/allow-migrations"]),
      approve([], ["other"]),
    ]).toEqual(["approved", "approved", "approved", "needs-approval", "approved", "needs-approval"]);
    expect(judge([hit(RULES.dropColumn)], PROD, none, acked, "")[0]).toMatchObject({
      resolution: "acknowledged",
      severity: "notice",
      message: "m. Acknowledged in the migration: fine",
    });
    const blocking = { ...PROD, policy: { ...PROD.policy, contract: "block" as const } };
    expect(judge([hit(RULES.dropColumn)], blocking, { allow: ["RW101"], labels: [] }, acked, "")[0]?.resolution).toBe("blocked");
  });

  it("broken: acknowledged in the file or allowed by id for the run, never by the label; an unrunnable graph always blocks", () => {
    const edited = hit(RULES.edited);
    const verdict = (allow: string[], labels: string[] = [], acks = new Map()) =>
      judge([edited], DEV, { allow, labels }, acks, "")[0]?.resolution;
    expect([verdict([]), verdict(["RW003"]), verdict(["broken"]), verdict([], ["runway/allow-migrations"]), verdict(["contract"])]).toEqual(
      ["needs-approval", "approved", "approved", "needs-approval", "needs-approval"],
    );
    const acked = new Map([["shop/migrations/0002_x.py", acknowledgements("# runway: allow RW003 — no-op edit Django 5 needed")]]);
    expect(judge([edited], PROD, none, acked, "")[0]).toMatchObject({ resolution: "acknowledged", severity: "notice" });
    const ackAll = new Map([["shop/migrations/0002_x.py", acknowledgements("# runway: allow RW001, RW005 — no")]]);
    for (const rule of [RULES.conflict, RULES.concurrentInAtomic]) {
      expect(judge([hit(rule)], DEV, { allow: [rule.id, "broken"], labels: [] }, ackAll, "")[0]).toMatchObject({
        resolution: "blocked",
        severity: "error",
      });
    }
    // A broken rule's hit that cannot break migrate carries its own level.
    expect(judge([{ ...edited, level: "notice" }], PROD, none, new Map(), "")[0]).toMatchObject({
      resolution: "allowed",
      severity: "notice",
    });
    expect(judge([{ ...hit(RULES.missing), level: "warning" }], PROD, none, new Map(), "")[0]).toMatchObject({
      resolution: "warned",
      severity: "warning",
    });
  });

  it("splits the allow list on commas and spaces", () => {
    expect(splitList(" RW101, contract  RW201,,")).toEqual(["RW101", "contract", "RW201"]);
  });
});

describe("volatile defaults", () => {
  it("are judged by pg_proc.provolatile when known, else by the curated list", () => {
    const sql = 'ALTER TABLE "t" ADD COLUMN "x" double precision DEFAULT (PI() * RANDOM()) NOT NULL';
    expect(volatileCalls(sql)).toEqual(["random"]);
    expect(volatileCalls('ALTER TABLE "t" ADD COLUMN "x" double precision DEFAULT PI() NOT NULL')).toEqual([]);
    expect(volatileCalls("ALTER TABLE t ADD COLUMN x uuid DEFAULT gen_random_uuid()")).toEqual(["gen_random_uuid"]);
    expect(volatileCalls("ALTER TABLE t ADD COLUMN x timestamptz DEFAULT now()")).toEqual([]);
    expect(volatileCalls("ALTER TABLE t ADD COLUMN x int DEFAULT my_counter()", { my_counter: "v" })).toEqual(["my_counter"]);
    expect(volatileCalls(sql, { pi: "i", random: "v", numeric: "i" })).toEqual(["random"]);
  });
});

describe("type changes", () => {
  it("treat widening without a rewrite as safe", () => {
    expect(widens("varchar(100)", "varchar(200)")).toBe(true);
    expect(widens("varchar(100)", "text")).toBe(true);
    expect(widens("varchar(100)", "varchar")).toBe(true);
    expect(widens("numeric(10, 2)", "numeric(12, 2)")).toBe(true);
    expect(widens("varchar(200)", "varchar(100)")).toBe(false);
    expect(widens("integer", "bigint")).toBe(false);
    expect(widens("numeric(10, 2)", "numeric(12, 3)")).toBe(false);
    expect(widens("varchar", "varchar(10)")).toBe(false);
  });
});

describe("the SQL file of a migration", () => {
  it("wraps atomic migrations in a transaction and maps every line to its statement", () => {
    const m = {
      app: "shop",
      name: "0002_x",
      atomic: true,
      statements: [
        { unit: 0, sql: "SELECT 1;" },
        { unit: 1, sql: "CREATE FUNCTION f()\nRETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;" },
      ],
    } as MigrationFacts;
    const file = sqlFile(m);
    expect(file.text).toBe("BEGIN;\nSELECT 1;\nCREATE FUNCTION f()\nRETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nCOMMIT;\n");
    expect(file.owners).toEqual([null, 0, 1, 1, null]);
    expect(sqlFile({ ...m, atomic: false }).owners).toEqual([0, 1, 1]);
  });
});

describe("runway migrations (arguments)", () => {
  it("needs the check subcommand, --env and --candidate, and a known format", async () => {
    await expect(migrationsCli([])).rejects.toThrow(/needs a subcommand: check/);
    await expect(migrationsCli(["lint"])).rejects.toThrow(/unknown subcommand "lint"/);
    await expect(migrationsCli(["check", "--candidate", "abc"])).rejects.toThrow(/--env is required/);
    await expect(migrationsCli(["check", "--env", "dev"])).rejects.toThrow(/--candidate is required/);
    await expect(migrationsCli(["check", "--env", "dev", "--candidate", "abc", "--format", "xml"])).rejects.toThrow(
      /--format must be text or json/,
    );
  });

  it("with --format json, prints a JSON document for an error too, with its file and line", async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await expect(migrationsCli(["check", "--candidate", "abc", "--format", "json"])).rejects.toThrow(/--env is required/);
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(written.join(""))).toEqual({
      decision: "error",
      error: { message: expect.stringMatching(/--env is required/), file: null, line: null },
    });
    const located = errorJson(
      new ConfigurationError("shop.0002_x: dependencies reference nonexistent parent node", {
        file: "app/shop/migrations/0002_x.py",
        line: 7,
      }),
    );
    expect(located).toEqual({ decision: "error", error: { message: expect.any(String), file: "app/shop/migrations/0002_x.py", line: 7 } });
  });
});
