import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/commands/context.js";
import { deployCommand } from "../../src/commands/deploy.js";
import { statusCommand } from "../../src/commands/status.js";
import { ANNOTATION_LEDGER, readLedger } from "../../src/core/ledger.js";
import type { EnvironmentStatus } from "../../src/core/status.js";
import { renderStatusText, wantsColor } from "../../src/present/terminal/index.js";
import { MemoryLogger } from "../../src/shared/runtime.js";
import { workspace } from "../helpers/commands.js";
import { digest, fastClock, sha } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { updateService } from "../helpers/run.js";
import { runBundle } from "../helpers/process.js";

const fx = useEmulator();

describe("runway status", () => {
  it("reports, per environment, the live release read from Cloud Run alone", async () => {
    const clock = fastClock(new Date("2026-11-22T03:00:00Z"));
    const ctx: CommandContext = { logger: new MemoryLogger(), clock, clients: () => fx.clients.rest, fetch, env: {} };
    const root = workspace();
    const deployed = await deployCommand(
      { environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir: "environments", root },
      ctx,
    );
    await clock.sleep(3 * 3_600_000);
    const result = await statusCommand({ configDir: "environments", root }, ctx);
    const [dev, qa, prod] = result.json as Record<string, any>[];
    expect(dev).toEqual({
      environment: "dev",
      project: "demo-project",
      region: "asia-northeast3",
      service: "projects/demo-project/locations/asia-northeast3/services/web-dev",
      url: deployed.outputs.url,
      live: {
        revision: deployed.outputs.revision,
        image: digest(1),
        commit: sha(1),
        release: "0000001-000001",
        deployedAt: "2026-11-22T03:00:00.000Z",
        state: "healthy",
      },
      traffic: [{ revision: deployed.outputs.revision, percent: 100, tag: "rel-0000001-000001" }],
    });
    expect(qa).toEqual({
      environment: "qa",
      project: "demo-project",
      region: "asia-northeast3",
      service: "projects/demo-project/locations/asia-northeast3/services/web-qa",
      traffic: [],
      waiting: { release: "0000001-000001", from: "dev" },
    });
    expect(prod?.waiting).toBeUndefined();
    expect(prod?.environment).toBe("prod");
    expect(result.summary).toContain("| dev | <code>0000001-000001</code>");
    expect(result.summary).toContain("3 h");
    expect(result.summary).toContain('e0["dev: 0000001-000001"]');
    const one = await statusCommand({ configDir: "environments", root, environment: "dev" }, ctx);
    expect(one.json).toHaveLength(1);
    await expect(statusCommand({ configDir: "environments", root, environment: "nope" }, ctx)).rejects.toThrow(
      /environment: no environment named "nope"/,
    );
  });
});

// Regression (found by the hostile Cloud Run corpus): a ledger annotation that is not a ledger
// was read as empty, so the next deploy silently replaced the history, and some shapes (null,
// an entry without a time) crashed with a TypeError.
describe("a ledger annotation that is not a ledger", () => {
  const service = (text: string) => ({ name: "projects/p/locations/l/services/web-qa", annotations: { [ANNOTATION_LEDGER]: text } });
  const entry = { state: "healthy", at: "2026-11-22T03:00:00.000Z" };
  it.each([
    ["not JSON", "{not json", /not valid JSON/],
    ["null", "null", /not a JSON object/],
    ["an array", "[]", /not a JSON object/],
    ["an entry that is a string", JSON.stringify({ r: "healthy" }), /entry for "r" is not an object/],
    ["an unknown state", JSON.stringify({ r: { ...entry, state: "gone" } }), /entry for "r" has no known state/],
    ["a time that is a number", JSON.stringify({ r: { ...entry, at: 7 } }), /entry for "r" has no time/],
    ["larger than Cloud Run accepts", JSON.stringify({ r: { ...entry, reason: "x".repeat(260 * 1024) } }), /KiB, larger than/],
  ])("is refused by name: %s", (_what, text, why) => {
    expect(() => readLedger(service(text))).toThrow(expect.objectContaining({ name: "RefusalError" }));
    expect(() => readLedger(service(text))).toThrow(why);
    expect(() => readLedger(service(text))).toThrow(/runway\.dev\/ledger annotation of web-qa/);
  });
  it("reads a ledger, with no inherited members", () => {
    const ledger = readLedger(service(JSON.stringify({ r: entry })));
    expect(ledger.r).toEqual(entry);
    expect(ledger.constructor).toBeUndefined();
    expect(readLedger(undefined)).toEqual({});
  });
});

describe("runway status --env reads only what it needs", () => {
  it("reads only dev for dev, and qa with its promotes-from (dev) for qa: never prod", async () => {
    const clock = fastClock(new Date("2026-11-22T03:00:00Z"));
    const ctx: CommandContext = { logger: new MemoryLogger(), clock, clients: () => fx.clients.rest, fetch, env: {} };
    const root = workspace();
    await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir: "environments", root }, ctx);
    const servicesRead = async (environment: string) => {
      const since = (await fx.calls()).length;
      const result = await statusCommand({ configDir: "environments", root, environment }, ctx);
      const read = (await fx.calls())
        .slice(since)
        .filter((c) => c.method.endsWith("/GetService"))
        .map((c) => String(c.resource).split("/").pop());
      return { result, read: [...new Set(read)].sort() };
    };
    const dev = await servicesRead("dev");
    expect(dev.read).toEqual(["web-dev"]);
    expect(dev.result.json).toHaveLength(1);
    const qa = await servicesRead("qa");
    expect(qa.read).toEqual(["web-dev", "web-qa"]);
    expect((qa.result.json as EnvironmentStatus[]).map((s) => [s.environment, s.waiting?.release])).toEqual([["qa", "0000001-000001"]]);
    const prod = await servicesRead("prod");
    expect(prod.read).toEqual(["web-prod", "web-qa"]);
    expect((await servicesRead("")).read).toEqual(["web-dev", "web-prod", "web-qa"]);
  });
});

const ESC = String.fromCharCode(27);

describe("runway status in a terminal", () => {
  const NOW = new Date("2026-11-22T06:00:00Z");
  const statuses: EnvironmentStatus[] = [
    {
      environment: "dev",
      project: "demo-project",
      region: "asia-northeast3",
      service: `${PARENT}/services/web-dev`,
      live: {
        revision: "web-dev-00002",
        image: `x@sha256:${"a".repeat(64)}`,
        commit: "b".repeat(40),
        release: "0000002-000002",
        deployedAt: "2026-11-22T03:00:00Z",
        state: "healthy",
      },
      traffic: [{ revision: "web-dev-00002", percent: 100, tag: "rel-0000002-000002" }],
      drift: {
        since: { release: "0000002-000002", revision: "web-dev-00002" },
        changes: [{ path: "template.maxInstanceRequestConcurrency", before: "80", after: "10" }],
      },
    },
    {
      environment: "qa",
      project: "demo-project",
      region: "asia-northeast3",
      service: `${PARENT}/services/web-qa`,
      live: {
        revision: "web-qa-00001",
        release: "0000001-000001",
        deployedAt: "2026-11-22T05:30:00Z",
        state: "healthy",
        rolledBackFrom: { revision: "web-qa-00002", release: "0000002-000002", at: "2026-11-22T05:30:00Z", reason: "500s <script>" },
      },
      traffic: [{ revision: "web-qa-00001", percent: 100 }],
      rolledBack: [{ release: "0000002-000002", revision: "web-qa-00002", at: "2026-11-22T05:30:00Z", reason: "500s <script>" }],
      held: { release: "0000002-000002", from: "dev", at: "2026-11-22T05:30:00Z", reason: "500s <script>" },
    },
    {
      environment: "prod",
      project: "demo-project",
      region: "asia-northeast3",
      service: `${PARENT}/services/web-prod`,
      traffic: [],
      waiting: { release: "0000001-000001", from: "qa" },
    },
  ];

  it("is a plain table with no Markdown, and shows held, rolled-back and changed-outside-Runway", () => {
    const text = renderStatusText(statuses, NOW);
    expect(text).not.toMatch(/```|mermaid|<code>|<br>|\| ---|^\|/m);
    expect(text).not.toContain(ESC);
    const lines = text.split("\n");
    expect(lines[0]).toBe("Runway status");
    expect(lines.slice(2, 6)).toEqual([
      "environment  release         commit        image                 age     revision       traffic             waiting to promote",
      "dev          0000002-000002  bbbbbbbbbbbb  sha256:aaaaaaaaaaaa…  3 h     web-dev-00002  web-dev-00002 100%",
      "qa           0000001-000001                                      30 min  web-qa-00001   web-qa-00001 100%   held: 0000002-000002 (rolled back here)",
      "prod         none                                                                       none                0000001-000001 from qa",
    ]);
    expect(text).toContain(
      "Rolled back\n  qa: rolled back from 0000002-000002 at 2026-11-22T05:30:00Z: 500s <script>\n  qa: 0000002-000002 from dev is not waiting: it was rolled back here (500s <script>); promote it again only by naming release 0000002-000002",
    );
    expect(text).toContain("Changed outside Runway\n");
    expect(
      text.endsWith(
        "environment  field                                   Runway wrote  live now\ndev          template.maxInstanceRequestConcurrency  80            10",
      ),
    ).toBe(true);
  });

  it("is coloured only when asked, and asked only for a terminal without NO_COLOR", () => {
    const coloured = renderStatusText(statuses, NOW, { color: true });
    expect(coloured).toContain("\u001b[1mRunway status\u001b[22m");
    expect(coloured.replaceAll(new RegExp(`${ESC}\\[\\d+m`, "g"), "")).toBe(renderStatusText(statuses, NOW));
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
  });

  it("keeps terminal escapes read from Cloud Run out of the output", () => {
    const hostile = [{ ...statuses[2], waiting: { release: "r\u001b]0;pwned\u0007", from: "qa" } } as EnvironmentStatus];
    expect([...renderStatusText(hostile, NOW)].filter((c) => c !== "\n" && (c.codePointAt(0) ?? 0) < 0x20)).toEqual([]);
  });

  it("the bundled CLI prints the table (and --format json unchanged) against the emulator", async () => {
    const clock = fastClock(new Date("2026-11-22T03:00:00Z"));
    const ctx: CommandContext = { logger: new MemoryLogger(), clock, clients: () => fx.clients.grpc, fetch, env: {} };
    const root = workspace();
    await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir: "environments", root }, ctx);
    await updateService(fx.clients.grpc.services, `${PARENT}/services/web-dev`, (s) => ({ ...s, description: "edited in the console" }));
    const cli = (args: string[]) =>
      runBundle("dist/runway/index.js", ["status", ...args], {
        cwd: root,
        env: { ...process.env, RUNWAY_EMULATOR_HOST: fx.emu.grpc, NO_COLOR: "" },
      });
    const text = await cli([]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toMatch(/```|mermaid|<code>/);
    expect(text.stdout).not.toContain(ESC);
    expect(text.stdout).toMatch(/^Runway status\n\nenvironment +release/);
    expect(text.stdout).toMatch(/\ndev +0000001-000001 +[0-9a-f]{12} +sha256:/);
    expect(text.stdout).toMatch(/Changed outside Runway[\s\S]*dev +description +\(none\) +"edited in the console"/);
    const json = await cli(["--format", "json", "--env", "dev"]);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as EnvironmentStatus[];
    expect(parsed.map((s) => s.environment)).toEqual(["dev"]);
    expect(parsed[0]?.drift?.changes.map((c) => c.path)).toEqual(["description"]);
  });
});
