import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** Every folder made here in this test file, removed after its last test (and at exit, as a fallback). */
const made = new Set<string>();

function cleanup(): void {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {}
    made.delete(dir);
  }
}

// Registered once per test file (each file imports its helpers afresh).
afterAll(cleanup);
process.once("exit", cleanup);

/**
 * A fresh folder under TMPDIR that is removed when the test file ends. Use it instead of
 * mkdtemp in tests, so the suite leaves nothing behind.
 */
export function tempDir(prefix = "runway-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix.startsWith("runway-") ? prefix : `runway-${prefix}`));
  made.add(dir);
  return dir;
}

/** Removes a folder made by tempDir now (when a test wants it gone before the file ends). */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  made.delete(dir);
}
