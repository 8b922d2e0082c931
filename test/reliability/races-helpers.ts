// Shared by the race tests (in-process and across processes): how a run ended, and what every
// race must leave behind.
import { expect } from "vitest";
import type { EmulatorFixture } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";

export type Settled = { name: string; error?: Error };
export const settle = (name: string, p: Promise<unknown>): Promise<Settled> =>
  p.then(
    () => ({ name }),
    (error: Error) => ({ name, error }),
  );

/** A clear loss: a refusal that says why, or the etag conflict named as such. Anything else is a bug. */
export const clearLoss = (e: Error) =>
  e.name === "RefusalError" || /another rollout changed/.test(`${e.message} ${(e.cause as Error | undefined)?.message ?? ""}`);

/** Calls logged since `before`: the race's own, without the setup's. */
export const callsSince = async (fx: EmulatorFixture, before: number) => (await fx.calls()).slice(before);

/** What every race must leave (on qa unless told); returns the losers, for the caller to re-run. */
export async function checkRace(
  fx: EmulatorFixture,
  results: Settled[],
  root: string,
  before: number,
  environment = "qa",
): Promise<Settled[]> {
  const updates = (await callsSince(fx, before)).filter((c) => c.method.endsWith("Services/UpdateService"));
  // OK or ABORTED only: any other outcome of a write would hint at a path that ignores the etag.
  expect([...new Set(updates.map((c) => c.code))].filter((c) => c !== "OK" && c !== "ABORTED")).toEqual([]);
  const losers = results.filter((r) => r.error);
  if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1")
    console.log(
      results.map((r) => `${r.name}: ${r.error ? r.error.message.slice(0, 200) : "ok"}`),
      updates.map((c) => c.code),
    );
  for (const l of losers) expect(clearLoss(l.error as Error), `${l.name} lost unclearly: ${l.error?.name}: ${l.error?.message}`).toBe(true);
  await checkInvariants(fx, environment, { root });
  return losers;
}
