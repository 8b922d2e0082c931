import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Vitest's default leaves one core free, so a 2-core runner ran the files one after another
    // (470 s); most of the suite waits on child processes (Django, PostgreSQL, the bundles), and
    // two at a time took 350 s on the same machine, with no test depending on timing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
