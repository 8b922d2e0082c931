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
