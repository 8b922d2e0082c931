// Runway's Django helper is Python (src/django/runway_django.py): its own unittest tests, ruff and
// mypy run here, in a cached venv with Django and the tools (test/helpers/python.ts), so that
// `npm test` checks it as it checks the TypeScript.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Venv } from "../../src/local/python.js";
import { run } from "../../src/local/run.js";
import { toolsVenv } from "../helpers/python.js";

const DIR = fileURLToPath(new URL("../../src/django/", import.meta.url));

describe("the Django helper's Python", () => {
  let venv: Venv;
  // mypy's cache: a fresh one, outside the tree (a cold run takes two seconds).
  const cache = mkdtempSync(join(tmpdir(), "runway-mypy-"));

  beforeAll(async () => {
    venv = await toolsVenv();
  }, 300_000);
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  /** Runs `python -m <args>` in src/django/ and expects success, with the tool's output as the message. */
  async function tool(args: string[]): Promise<string> {
    const { DJANGO_SETTINGS_MODULE: _settings, DATABASE_URL: _url, ...inherited } = process.env;
    const result = await run(venv.python, ["-m", ...args], {
      cwd: DIR,
      // No __pycache__ left in src/django/.
      env: { ...inherited, PYTHONDONTWRITEBYTECODE: "1" },
    });
    const output = `python -m ${args.join(" ")} (exit ${result.code}):\n${result.stdout}${result.stderr}`;
    expect(result.code, output).toBe(0);
    return output;
  }

  it("passes its own tests (unittest)", async () => {
    expect(await tool(["unittest", "-v", "test_runway_django"])).toMatch(/^OK$/m);
  }, 120_000);

  it("passes ruff check", async () => {
    await tool(["ruff", "check", "--no-cache", "."]);
  }, 60_000);

  it("is formatted as ruff format writes it", async () => {
    await tool(["ruff", "format", "--check", "--diff", "--no-cache", "."]);
  }, 60_000);

  it("passes mypy (strict)", async () => {
    expect(await tool(["mypy", "--config-file", "pyproject.toml", "--cache-dir", cache])).toMatch(
      /Success: no issues found in 2 source files/,
    );
  }, 120_000);
});
