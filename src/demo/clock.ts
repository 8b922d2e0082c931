import type { Clock } from "../shared/runtime.js";

/**
 * Real time, except that long rollout waits are simulated: the demo says it skipped them
 * rather than making the viewer sit through a canary's minutes. `during` runs before a skipped
 * wait's time passes, with its start: the demo sends the users of that stretch of time then.
 */
export function demoClock(
  waited: (ms: number) => void,
  longerThanMs = 2000,
  during: (ms: number, from: Date) => Promise<void> = async () => undefined,
): Clock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    sleep: async (ms) => {
      if (ms <= longerThanMs) return new Promise((resolve) => setTimeout(resolve, ms));
      await during(ms, new Date(Date.now() + offset));
      offset += ms;
      waited(ms);
    },
  };
}
