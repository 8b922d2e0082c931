import type { Clock } from "../shared/runtime.js";

/**
 * Real time, except that long rollout waits are simulated: the demo says it skipped them
 * rather than making the viewer sit through a canary's minutes.
 */
export function demoClock(waited: (ms: number) => void, longerThanMs = 2000): Clock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    sleep: async (ms) => {
      if (ms <= longerThanMs) return new Promise((resolve) => setTimeout(resolve, ms));
      offset += ms;
      waited(ms);
    },
  };
}
