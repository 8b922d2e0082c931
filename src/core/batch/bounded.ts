/** How many API calls Runway keeps in flight at once: enough to be quick, few enough not to hit quotas. */
export const DEFAULT_CONCURRENCY = 8;

/** Runs `work` on every item with at most `limit` running at once; results keep the items' order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
