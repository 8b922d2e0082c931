// The actions reach Cloud Run over either transport of the official clients: the emulator
// address picks one by its form, RUNWAY_TRANSPORT overrides it, and a bad setting is refused
// before any call.
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/shared/errors.js";
import { chooseTransport } from "../../src/gcp/clients.js";
import { runBundledAction } from "../helpers/action.js";
import { workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();

describe("chooseTransport", () => {
  it.each([
    [undefined, undefined, "grpc"],
    ["127.0.0.1:8085", undefined, "grpc"],
    ["http://127.0.0.1:8086", undefined, "rest"],
    ["http://127.0.0.1:8086", "grpc", "grpc"],
    [undefined, "rest", "rest"],
  ] as const)("host %s, RUNWAY_TRANSPORT %s → %s", (host, setting, expected) => {
    expect(chooseTransport(host, setting)).toBe(expected);
  });

  it("refuses anything else, naming the variable", () => {
    expect(() => chooseTransport(undefined, "http2")).toThrow(ConfigurationError);
    expect(() => chooseTransport(undefined, "http2")).toThrow(/RUNWAY_TRANSPORT: must be grpc or rest/);
  });
});

describe("bundled actions over REST", () => {
  const deploy = (n: number, env: Record<string, string>) =>
    runBundledAction(
      "deploy",
      { environment: "dev", image: digest(n), commit: sha(n), "dry-run": "false", "config-dir": "environments" },
      env,
    );

  it("deploys twice and rolls back with every call on REST", async () => {
    const env = { RUNWAY_EMULATOR_HOST: fx.emu.http, GITHUB_WORKSPACE: workspace() };
    const before = (await fx.calls()).length;
    expect((await deploy(1, env)).code).toBe(0);
    expect((await deploy(2, env)).code).toBe(0);
    const back = await runBundledAction(
      "rollback",
      { environment: "dev", to: "", force: "false", "migrate-back": "false", "dry-run": "false", "config-dir": "environments" },
      env,
    );
    expect(back.stderr).toBe("");
    expect(back.code).toBe(0);
    expect(back.outputs["release-id"]).toBe("0000001-000001");
    const calls = (await fx.calls()).slice(before);
    expect(calls.length).toBeGreaterThan(6);
    expect(new Set(calls.map((c) => c.transport))).toEqual(new Set(["rest"]));
  });

  it("refuses a bad RUNWAY_TRANSPORT before any call", async () => {
    const before = (await fx.calls()).length;
    const run = await deploy(1, { RUNWAY_EMULATOR_HOST: fx.emu.grpc, RUNWAY_TRANSPORT: "http2", GITHUB_WORKSPACE: workspace() });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("RUNWAY_TRANSPORT: must be grpc or rest");
    expect((await fx.calls()).slice(before)).toEqual([]);
  });
});
