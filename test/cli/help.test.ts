// Help for every command and subcommand, from the bundled CLI, in both environments.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMMAND_SPECS, type CommandSpec, isGroup } from "../../src/cli/specs.js";
import { runCli, STACK_LINE, sandbox } from "./harness.js";

const box = sandbox();
afterAll(() => rmSync(box.root, { recursive: true, force: true }));

// Spelled out rather than read from the table: a command dropped from it must fail here.
const COMMANDS = [
  "deploy",
  "promote",
  "rollback",
  "preview deploy",
  "preview cleanup",
  "scheduler sync",
  "scheduler pause",
  "scheduler resume",
  "migrations check",
  "emulator",
  "status",
  "import",
  "demo",
];
const GROUPS = ["preview", "scheduler", "migrations"];

function specOf(words: string): CommandSpec {
  const [name, sub] = words.split(" ") as [string, string?];
  const entry = COMMAND_SPECS[name];
  if (!entry) throw new Error(`no table for ${name}`);
  return isGroup(entry) ? (entry.subcommands[sub as string] as CommandSpec) : entry;
}

const ENVIRONMENTS = { runner: box.runner, scrubbed: box.scrubbed };

describe.each(Object.entries(ENVIRONMENTS))("help (%s environment)", (_, env) => {
  it.concurrent.each(COMMANDS.flatMap((command) => ["--help", "-h"].map((flag) => [command, flag])))(
    "runway %s %s: usage, every option with its default, an example, exit codes",
    async (command, flag) => {
      const run = await runCli([...command.split(" "), flag], { env, cwd: box.repo });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe("");
      expect(run.stdout).toContain(`usage: runway ${command}`);
      const spec = specOf(command);
      for (const [name, option] of Object.entries(spec.options)) {
        expect(run.stdout).toContain(`--${name}`);
        if (option.default !== undefined && option.default !== "") expect(run.stdout).toContain(`(default: ${option.default})`);
        if (option.required) expect(run.stdout).toMatch(new RegExp(`--${name} .*\\(required\\)`));
      }
      expect(run.stdout).toContain("-h, --help");
      expect(run.stdout).toMatch(/examples?:\n {2}runway /);
      expect(run.stdout).toMatch(/exit codes:\n {2}0 /);
      expect(run.stdout).not.toMatch(STACK_LINE);
    },
  );

  it.concurrent.each(COMMANDS)("runway help %s is the same help as --help", async (command) => {
    const [viaHelp, viaFlag] = await Promise.all([
      runCli(["help", ...command.split(" ")], { env, cwd: box.repo }),
      runCli([...command.split(" "), "--help"], { env, cwd: box.repo }),
    ]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it.concurrent.each(GROUPS.flatMap((group) => ["--help", "-h"].map((flag) => [group, flag])))(
    "runway %s %s lists its subcommands",
    async (group, flag) => {
      const run = await runCli([group, flag], { env, cwd: box.repo });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`usage: runway ${group} `);
      for (const command of COMMANDS.filter((c) => c.startsWith(`${group} `))) expect(run.stdout).toContain(command.split(" ")[1]);
    },
  );

  it.concurrent.each([["--help"], ["-h"], ["help"]])(
    "runway %s lists every command, the environment variables and exit codes",
    async (flag) => {
      const run = await runCli([flag], { env, cwd: box.repo });
      expect(run.code).toBe(0);
      for (const command of [...new Set(COMMANDS.map((c) => c.split(" ")[0]))])
        expect(run.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, "m"));
      expect(run.stdout).toContain("RUNWAY_EMULATOR_HOST");
      expect(run.stdout).toContain("exit codes");
    },
  );
});

describe("help does not run the command", () => {
  it("runway demo --help prints help and starts no demo", async () => {
    const run = await runCli(["demo", "--help"], { env: box.scrubbed, cwd: box.repo });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("usage: runway demo");
    // A demo that ran would have written its job summaries here.
    expect(existsSync(join(box.repo, ".runway"))).toBe(false);
  });

  it("--help anywhere among a command's flags wins over a missing required flag", async () => {
    const run = await runCli(["deploy", "--env", "dev", "--help"], { env: box.runner, cwd: box.repo });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("usage: runway deploy --env NAME --image IMAGE --commit REV");
  });

  it("runway with no command prints the help on stderr and exits 2", async () => {
    const run = await runCli([], { env: box.scrubbed, cwd: box.repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("usage: runway <command>");
  });
});
