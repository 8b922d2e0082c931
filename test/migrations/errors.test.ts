// Bad input: each gives a ConfigurationError that says what is wrong and where, never a stack.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { SQUAWK_VERSION, squawkCommand } from "../../src/commands/migrations.js";
import { ConfigurationError, EnvironmentError } from "../../src/shared/errors.js";
import { CASES, migrationPy } from "./cases.js";
import { baseRepo, commit, gate, git, scenario, tempDir, useDjango } from "./helpers.js";

const django = useDjango();
let repo: { dir: string; base: string };

beforeAll(() => {
  repo = baseRepo();
});

async function failure(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

describe("the gate's bad-input errors", () => {
  it("a directory that is not a Django project", async () => {
    const dir = tempDir("runway-not-django-");
    writeFileSync(join(dir, "README.md"), "not a Django project\n");
    git(dir, "init", "-q");
    const head = commit(dir, "readme");
    const error = await failure(gate(django, { dir, base: null, candidate: head }));
    expect(error.message).toMatch(/is not a Django project: it has no manage\.py, and DJANGO_SETTINGS_MODULE is not set/);
  });

  it("a directory that is not a git repository", async () => {
    const dir = tempDir("runway-no-git-");
    const error = await failure(gate(django, { dir, base: null, candidate: "HEAD" }));
    expect(error.message).toMatch(/is not inside a git repository/);
  });

  it("broken settings, with the file and line at fault", async () => {
    const settings = readFileSync(join(repo.dir, "config/settings.py"), "utf8");
    const s = scenario(repo, { "config/settings.py": settings.replace("INSTALLED_APPS", "import shop_extras  # noqa\n\nINSTALLED_APPS") });
    const error = await failure(gate(django, s));
    expect(error.message).toMatch(/the settings module config\.settings did not load: ModuleNotFoundError: No module named 'shop_extras'/);
    expect(error.location).toMatchObject({ file: "config/settings.py", line: 11 });
  });

  it("no Python", async () => {
    const error = await failure(gate(django, scenario(repo, CASES.safe), { python: "/nonexistent/bin/python3" }));
    expect(error.message).toMatch(/Python was not found: \/nonexistent\/bin\/python3\. Install Python with the project's requirements/);
  });

  it("a Python without Django", async () => {
    const error = await failure(
      gate(django, scenario(repo, CASES.safe), { python: "python3", env: { PATH: process.env.PATH, PYTHONNOUSERSITE: "1" } }),
    );
    expect(error.message).toMatch(/Django is not importable by .*install the project's requirements/);
  });

  it("a syntax error in a migration, with its file and line", async () => {
    const broken = migrationPy(['migrations.AddField(model_name="product", name="x", field=models.TextField(null=True)'], {
      name: "0002_bad",
    });
    const error = await failure(gate(django, scenario(repo, { "shop/migrations/0002_bad.py": broken })));
    expect(error.message).toMatch(/syntax error in shop\/migrations\/0002_bad\.py line \d+/);
    expect(error.location).toMatchObject({ file: "shop/migrations/0002_bad.py", line: expect.any(Number) });
  });

  it("a migration that depends on one that does not exist", async () => {
    const orphan = migrationPy(['migrations.AddField(model_name="product", name="x", field=models.TextField(null=True))'], {
      depends: "0001_gone",
    });
    const error = await failure(gate(django, scenario(repo, { "shop/migrations/0002_orphan.py": orphan })));
    expect(error.message).toMatch(
      /0002_orphan.*dependencies reference nonexistent parent node \('shop', '0001_gone'\) \(shop\/migrations\/0002_orphan\.py line 7\)/,
    );
    expect(error.location).toMatchObject({ file: "shop/migrations/0002_orphan.py", line: 7 });
  });

  it("a migration that imports a module that does not exist, with its file and line", async () => {
    const importing = migrationPy(['migrations.AddField(model_name="product", name="x", field=models.TextField(null=True))'], {
      head: "import shop_helpers_gone  # noqa\n",
    });
    const error = await failure(gate(django, scenario(repo, { "shop/migrations/0002_importing.py": importing })));
    expect(error.message).toMatch(/No module named 'shop_helpers_gone' \(shop\/migrations\/0002_importing\.py line 3\)/);
    expect(error.location).toMatchObject({ file: "shop/migrations/0002_importing.py", line: 3 });
  });

  it("a migration that Django cannot replay, with its operation's line", async () => {
    const ghost = migrationPy(['migrations.RemoveField(model_name="product", name="colour")']);
    const error = await failure(gate(django, scenario(repo, { "shop/migrations/0002_ghost.py": ghost })));
    expect(error.message).toMatch(/shop\.0002_ghost: Remove field colour from product does not apply to the model state before it/);
    expect(error.location).toMatchObject({ file: "shop/migrations/0002_ghost.py", line: 10 });
  });

  it("an unknown base commit", async () => {
    const s = scenario(repo, CASES.safe);
    const error = await failure(gate(django, { ...s, base: "0123456789abcdef0123456789abcdef01234567" }));
    expect(error.message).toMatch(
      /the base commit 0123456789abcdef0123456789abcdef01234567 is not in this repository; was the history rewritten\?/,
    );
    expect(error.location?.field).toBe("base");
  });

  it("a shallow clone missing the base says to fetch the history", async () => {
    const s = scenario(repo, CASES.safe);
    const shallow = tempDir("runway-shallow-");
    git(tmpdir(), "clone", "-q", "--depth", "1", `file://${s.dir}`, shallow);
    const error = await failure(gate(django, { dir: shallow, base: s.base, candidate: s.candidate }));
    expect(error.message).toMatch(/the base commit [0-9a-f]{40} is not in this repository; this clone is shallow: .*`fetch-depth: 0`/);
  });

  it("no PostgreSQL for the SQL pass", async () => {
    const error = await failure(gate(django, scenario(repo, CASES.safe), { databaseUrl: "postgres://postgres@127.0.0.1:1/postgres" }));
    expect(error.message).toMatch(/cannot connect to PostgreSQL for the SQL pass .*set DATABASE_URL/);
    const without = await gate(django, scenario(repo, CASES.safe), { databaseUrl: "postgres://postgres@127.0.0.1:1/postgres", sql: false });
    expect(without.decision).toBe("allow");
  });
});

// squawk comes from Runway's own lockfile (squawk-cli is a dependency, its platform binary an
// optional one, each with its integrity), never from `npx --yes` at deploy time.
describe("squawk, installed with Runway", () => {
  it("is a runtime dependency in the lockfile, with integrity, and no bundle fetches it", () => {
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
      packages: Record<string, { version?: string; integrity?: string; dev?: boolean; dependencies?: Record<string, string> }>;
    };
    expect(lock.packages[""]?.dependencies?.["squawk-cli"]).toBe(SQUAWK_VERSION);
    const squawk = Object.entries(lock.packages).filter(([path]) => /node_modules\/(squawk-cli|@squawk-cli\/[\w-]+)$/.test(path));
    expect(squawk.length).toBeGreaterThanOrEqual(2);
    for (const [path, entry] of squawk) {
      expect([path, entry.version, entry.dev]).toEqual([path, SQUAWK_VERSION, undefined]);
      expect(entry.integrity, path).toMatch(/^sha512-/);
    }
    // The bundles share chunks (dist/chunks), so every file of dist is read.
    const files = readdirSync("dist", { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"));
    expect(files).toContain(join("migration-gate", "index.js"));
    for (const file of files)
      expect(/["'`]npx["'`]|--yes|squawk-cli@/.exec(readFileSync(join("dist", file), "utf8"))?.[0], file).toBeUndefined();
  });

  it("is found next to Runway: the platform binary of its own node_modules", () => {
    const found = squawkCommand({});
    expect(found).toEqual({
      command: expect.stringMatching(new RegExp(`node_modules/@squawk-cli/${process.platform}-${process.arch}/bin/squawk$`)),
      args: [],
    });
    expect(existsSync(found.command)).toBe(true);
    expect(squawkCommand({ RUNWAY_SQUAWK: "/opt/squawk" })).toEqual({ command: "/opt/squawk", args: [] });
  });

  it("when it is missing, the SQL pass fails saying what to install; sql: false is the explicit way round", async () => {
    // A Runway with no node_modules beside it, as a checkout nobody ran `npm ci` in.
    const bare = tempDir("runway-no-node-modules-");
    const missing = squawkCommand({}, pathToFileURL(join(bare, "dist", "migration-gate", "index.js")).href);
    expect(missing.command).toBe("");
    expect(missing.missing).toMatch(
      /squawk is not installed next to Runway: @squawk-cli\/.*squawk-cli 2\.61\.0.*`npm ci --omit=dev`.*RUNWAY_SQUAWK.*`sql: false`/,
    );
    const error = await gate(django, scenario(repo, CASES.safe), {}, missing).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toBe(missing.missing);
    const without = await gate(django, scenario(repo, CASES.safe), { sql: false }, missing);
    expect(without.decision).toBe("allow");
  });
});
