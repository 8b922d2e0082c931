// Small pure helpers that the terminal and the summary both need, so both surfaces say the same
// age and the same short image for one status.

/** How long ago `since` was, in the coarsest unit that still reads precisely: min, then h, then d. */
export function age(since: string | undefined, now: Date): string {
  if (!since) return "";
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(since).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} d`;
}

/** An image by its digest's first 12 hex digits (what tells two releases apart), else as given. */
export function shortImage(image: string | undefined): string {
  const digest = /@sha256:([0-9a-f]{12})/.exec(image ?? "")?.[1];
  return digest ? `sha256:${digest}…` : (image ?? "");
}

/** Where the migration rules and their safe patterns are documented: every view of a gate report points there. */
export const RULES_DOC = "docs/migration-rules.md";

/** A commit as a gate report shows it: 12 digits, or why there is none. */
export const shortCommit = (sha: string | null) => (sha ? sha.slice(0, 12) : "none (nothing live)");
