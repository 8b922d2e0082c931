// The base of the comparison: the commit live in the environment, read from the ledger (Cloud Run).
import type { RunDeps } from "../../gcp/cloudrun.js";
import { environmentStatus, type StatusTarget } from "../status.js";

/** The live release's commit, or null when nothing Runway deployed is live there. */
export async function liveCommit(target: StatusTarget, deps: RunDeps): Promise<string | null> {
  const status = await environmentStatus(target, deps);
  return status.live?.commit ?? null;
}
