// How the CLI reports a failure: the user's errors as their message, a bug as a bug, never a stack
// unless RUNWAY_DEBUG=1 asks for it.
import { describe, expect, it } from "vitest";
import { report } from "../../src/cli/report.js";
import { CommandFailure } from "../../src/commands/context.js";
import { classify, ConfigurationError, EnvironmentError, RefusalError } from "../../src/shared/errors.js";
import { StepError } from "../../src/core/timeline.js";
import { UnreachableError } from "../../src/gcp/errors.js";
import { STACK_LINE } from "./harness.js";

function reported(error: unknown, env: NodeJS.ProcessEnv = {}) {
  let text = "";
  const code = report(
    error,
    (t) => {
      text += t;
    },
    env,
  );
  return { code, text };
}

const bug = () => {
  try {
    (undefined as unknown as { x: number }).x;
  } catch (error) {
    return error;
  }
};

describe("classify: the user's or a bug", () => {
  it.each([
    ["a configuration error", new ConfigurationError("--env is required"), true],
    ["a refusal", new RefusalError("prod is frozen"), true],
    ["an environment not set up", new EnvironmentError("no credentials"), true],
    ["a failed command", new CommandFailure("deploy failed", "summary"), true],
    ["a failed step", new StepError("roll out", new Error("checks failed")), true],
    ["a node parse error", Object.assign(new TypeError("Unknown option '--x'"), { code: "ERR_PARSE_ARGS_UNKNOWN_OPTION" }), true],
    ["a TypeError", bug(), false],
    ["a step that failed on a TypeError", new StepError("plan", bug()), false],
    ["a plain Error", new Error("boom"), false],
    ["not an error", "boom", false],
  ])("%s: %s", (_, error, user) => {
    expect(classify(error).kind !== "bug").toBe(user);
  });
});

describe("report", () => {
  it("a usage or configuration mistake: its message, exit 2", () => {
    expect(reported(new ConfigurationError("deploy: --image is required"))).toEqual({
      code: 2,
      text: "runway: deploy: --image is required\n",
    });
  });

  it("a refusal, an unreachable API: its message, exit 1", () => {
    expect(reported(new RefusalError("prod is frozen")).code).toBe(1);
    const unreachable = reported(
      new UnreachableError(
        "GetService web",
        5,
        Object.assign(new Error("14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1"), { code: 14 }),
        { RUNWAY_EMULATOR_HOST: "127.0.0.1:1" },
      ),
    );
    expect(unreachable.code).toBe(1);
    expect(unreachable.text).toMatch(
      /^runway: GetService web: the emulator at 127\.0\.0\.1:1 \(RUNWAY_EMULATOR_HOST\) could not be reached after 5 tries .*is the emulator running\?/,
    );
  });

  it("google-auth's missing credentials: how to log in", () => {
    const { code, text } = reported(
      new Error(
        "Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.",
      ),
    );
    expect(code).toBe(1);
    expect(text).toMatch(/gcloud auth application-default login/);
    expect(text).not.toMatch(STACK_LINE);
  });

  it("a raw client error: its code and message, no stack", () => {
    const error = Object.assign(new Error("7 PERMISSION_DENIED: caller lacks run.services.get"), { code: 7 });
    expect(reported(error)).toEqual({ code: 1, text: "runway: PERMISSION_DENIED: caller lacks run.services.get\n" });
  });

  it("a bug: one line that says so, exit 1, the stack only with RUNWAY_DEBUG=1", () => {
    const plain = reported(bug());
    expect(plain.code).toBe(1);
    expect(plain.text).toMatch(/^runway: unexpected error: Cannot read properties of undefined/);
    expect(plain.text).toMatch(/This is a bug in Runway, please report it/);
    expect(plain.text).toMatch(/RUNWAY_DEBUG=1/);
    expect(plain.text).not.toMatch(STACK_LINE);
    const debug = reported(new StepError("plan", bug()), { RUNWAY_DEBUG: "1" });
    expect(debug.code).toBe(1);
    expect(debug.text).toMatch(/bug in Runway/);
    expect(debug.text).toMatch(STACK_LINE);
  });
});
