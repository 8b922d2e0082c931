// A finding before policy: which rule, where, and why. Every pass produces these.
import type { Rule } from "./rules.js";
import type { MigrationFacts, UnitFacts } from "./types.js";

export interface Hit {
  rule: Rule;
  app: string;
  migration: string;
  /** Relative to the project directory (the report makes it relative to the repository). */
  file: string;
  line: number;
  message: string;
  /** The operation it is about ("2" or "2.0"), for de-duplication across passes. */
  unit?: string;
  /**
   * A broken rule's hit that cannot make migrate fail or diverge (an edit with the same effect, a
   * state-only missing migration): reported at this level, and never blocks.
   */
  level?: "notice" | "warning";
}

export const hitKey = (hit: Hit) => `${hit.rule.id} ${hit.app}.${hit.migration}#${hit.unit ?? ""}`;

/** A hit on one operation of a planned migration. */
export function unitHit(rule: Rule, m: MigrationFacts, u: UnitFacts, message: string): Hit {
  return { rule, app: m.app, migration: m.name, file: m.file, line: u.line, message, unit: u.path };
}

/** Keeps the first hit of each rule on each operation: the Django pass speaks before the SQL pass. */
export function dedupe(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => {
    const key = hitKey(hit);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
