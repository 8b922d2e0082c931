import { describe, expect, it } from "vitest";
import { activeFreeze } from "../../src/core/config/freeze.js";
import { loadEnvironment, parseEnvironment } from "../../src/core/config/load.js";
import { BASE } from "./helpers.js";

const ENVIRONMENTS = new URL("../../environments", import.meta.url).pathname;

function withFreeze(yaml: string) {
  return parseEnvironment(`${BASE}freeze:\n${yaml}`, "environments/prod.yaml");
}

describe("activeFreeze", () => {
  it("is undefined without windows", () => {
    expect(activeFreeze(parseEnvironment(BASE, "environments/prod.yaml"), new Date())).toBeUndefined();
  });

  describe("a fixed window", () => {
    const env = withFreeze('  - { reason: holidays, start: "2030-12-24T18:00:00+09:00", end: "2030-12-26T09:00:00+09:00" }\n');
    const end = new Date("2030-12-26T00:00:00Z");

    it.each([
      ["just before the start", "2030-12-24T08:59:59.999Z", false],
      ["at the start", "2030-12-24T09:00:00Z", true],
      ["inside", "2030-12-25T12:00:00Z", true],
      ["just before the end", "2030-12-25T23:59:59.999Z", true],
      ["at the end", "2030-12-26T00:00:00Z", false],
    ])("%s", (_, at, active) => {
      expect(activeFreeze(env, new Date(at))).toEqual(active ? { reason: "holidays", until: end } : undefined);
    });
  });

  describe("a recurring window in a time zone", () => {
    // Friday 17:00 in Seoul (08:00Z) for 64 hours: until Monday 09:00 in Seoul (00:00Z).
    const env = withFreeze('  - { reason: weekend, cron: "0 17 * * 5", duration: 64h, time-zone: Asia/Seoul }\n');
    const monday = new Date("2030-01-07T00:00:00Z");

    it.each([
      ["Friday 16:59 KST", "2030-01-04T07:59:00Z", false],
      ["Friday 17:00 KST", "2030-01-04T08:00:00Z", true],
      ["Sunday", "2030-01-06T03:00:00Z", true],
      ["Monday 08:59:59 KST", "2030-01-06T23:59:59Z", true],
      ["Monday 09:00 KST", "2030-01-07T00:00:00Z", false],
      ["Wednesday", "2030-01-09T03:00:00Z", false],
    ])("%s", (_, at, active) => {
      expect(activeFreeze(env, new Date(at))).toEqual(active ? { reason: "weekend", until: monday } : undefined);
    });
  });

  it("follows daylight saving time in the window's time zone", () => {
    const env = withFreeze('  - { reason: standup, cron: "0 9 * * *", duration: 1h, time-zone: America/New_York }\n');
    // 13:30Z is 08:30 in winter (EST) and 09:30 in summer (EDT).
    expect(activeFreeze(env, new Date("2030-01-15T13:30:00Z"))).toBeUndefined();
    expect(activeFreeze(env, new Date("2030-07-15T13:30:00Z"))).toEqual({ reason: "standup", until: new Date("2030-07-15T14:00:00Z") });
  });

  it("covers a window that began the day before", () => {
    const env = withFreeze('  - { reason: nightly, cron: "0 23 * * *", duration: 2h }\n');
    expect(activeFreeze(env, new Date("2030-03-02T00:30:00Z"))).toEqual({ reason: "nightly", until: new Date("2030-03-02T01:00:00Z") });
  });

  it("reports the first covering window's reason and the end of every window chained to it", () => {
    const env = withFreeze(
      [
        '  - { reason: release week, start: "2030-05-01T10:00:00Z", end: "2030-05-01T12:00:00Z" }',
        '  - { reason: audit, start: "2030-05-01T11:00:00Z", end: "2030-05-01T15:00:00Z" }',
        '  - { reason: maintenance, start: "2030-05-01T15:00:00Z", end: "2030-05-01T16:00:00Z" }',
        '  - { reason: later, start: "2030-05-01T17:00:00Z", end: "2030-05-01T18:00:00Z" }',
        "",
      ].join("\n"),
    );
    expect(activeFreeze(env, new Date("2030-05-01T11:30:00Z"))).toEqual({
      reason: "release week",
      until: new Date("2030-05-01T16:00:00Z"),
    });
  });

  it("never blocks the shipped prod environment, at any hour of the coming week", async () => {
    const prod = await loadEnvironment(ENVIRONMENTS, "prod");
    expect(prod.freeze.length).toBeGreaterThan(0);
    const now = Date.now();
    for (let hour = 0; hour < 7 * 24; hour++) {
      expect(activeFreeze(prod, new Date(now + hour * 3_600_000))).toBeUndefined();
    }
  });
});
