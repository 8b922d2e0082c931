// Counts scenarios run and passed per category, so the figures in docs/reliability.md are
// measured, not estimated. Each test file prints its own line in afterAll.
const runs = new Map<string, { run: number; passed: number; failed: string[] }>();

function bucket(category: string) {
  const b = runs.get(category) ?? { run: 0, passed: 0, failed: [] };
  runs.set(category, b);
  return b;
}

export const record = {
  pass(category: string, _id: string) {
    const b = bucket(category);
    b.run++;
    b.passed++;
  },
  fail(category: string, id: string) {
    const b = bucket(category);
    b.run++;
    b.failed.push(id);
  },
  summary(category: string) {
    return bucket(category);
  },
};

/** Wraps a test body so its outcome is counted under `category`. */
export const counted = (category: string, label: string, body: () => Promise<void>) => async () => {
  try {
    await body();
    record.pass(category, label);
  } catch (e) {
    record.fail(category, label);
    throw e;
  }
};

/** The line each file prints in afterAll: `[reliability] <category>: passed/run passed`. */
export function printSummary(category: string): void {
  const { run, passed } = record.summary(category);
  console.log(`[reliability] ${category}: ${passed}/${run} passed`);
}
