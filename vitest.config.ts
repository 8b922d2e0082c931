import { availableParallelism } from "node:os";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

// The files that take longest (in CI on 2 cores), started first. Without a timing cache (a fresh
// clone) vitest starts big files first, and these are small files over shared fixtures: the
// slowest (about a minute) started last and ran alone at the end while the other worker idled.
const SLOW_FIRST = [
  "test/reliability/migration-faults.test.ts",
  "test/reliability/faults.test.ts",
  "test/demo/demo.test.ts",
  "test/migrations/execution.test.ts",
  "test/cli/mistakes.test.ts",
  "test/reliability/hostile.test.ts",
  "test/core/canary.test.ts",
  "test/actions/mistakes.test.ts",
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = SLOW_FIRST.findIndex((slow) => file.moduleId.endsWith(slow));
      return index < 0 ? SLOW_FIRST.length : index;
    };
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: SlowFirst },
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
