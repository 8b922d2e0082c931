import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/core/config/duration.js";
import { ConfigurationError } from "../../src/shared/errors.js";
import { thrown } from "./helpers.js";

describe("parseDuration", () => {
  it.each([
    ["0s", 0],
    ["250ms", 250],
    ["90s", 90_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["1h30m", 5_400_000],
    ["1m5ms", 60_005],
    ["7d", 604_800_000],
    ["1d2h3m4s5ms", 93_784_005],
  ])("reads %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "30", "5 m", "1.5s", "30m1h", "1s1s", "5M", "-1s", "1w", "s"])("refuses %j", (text) => {
    expect(() => parseDuration(text)).toThrow(ConfigurationError);
  });

  it("names the field in the error", () => {
    const error = thrown(() => parseDuration("soon", "rollout.steps[0].wait"));
    expect(error.message).toMatch(/^rollout\.steps\[0\]\.wait: must be a duration like "90s"/);
    expect(error.location).toEqual({ field: "rollout.steps[0].wait" });
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [250, "250ms"],
    [90_000, "1m30s"],
    [5_400_000, "1h30m"],
    [604_800_000, "7d"],
  ])("writes %d as %s, which parses back", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
