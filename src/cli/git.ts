import { simpleGit } from "simple-git";
import { ConfigurationError } from "../shared/errors.js";

const FULL_SHA = /^[0-9a-f]{40}$/i;

/**
 * A git revision given on the command line (HEAD, a branch, a tag, a short or full sha) as the
 * full sha of its commit, resolved in `dir`, before the core sees it (the core takes shas only).
 * A full sha passes as it is, so a deploy from outside the checkout still works.
 */
export async function resolveRevision(revision: string, flag: string, dir: string = process.cwd()): Promise<string> {
  if (FULL_SHA.test(revision)) return revision.toLowerCase();
  if (revision.startsWith("-"))
    throw new ConfigurationError(`--${flag}: ${JSON.stringify(revision)} is not a git revision`, { field: flag });
  const git = simpleGit({ baseDir: dir });
  const sha = await git.revparse(["--verify", "--quiet", "--end-of-options", `${revision}^{commit}`]).catch((error: unknown) => {
    const text = String((error as Error).message ?? error);
    // Outside a checkout, a short sha still names a commit: let the core judge its form.
    if (/not a git repository/i.test(text) && /^[0-9a-f]{7,39}$/i.test(revision)) return revision;
    if (/not a git repository/i.test(text))
      throw new ConfigurationError(
        `--${flag}: ${JSON.stringify(revision)} is not a commit sha, and ${dir} is not a git checkout to resolve it in; pass the full 40-character sha`,
        { field: flag },
      );
    if (/ENOENT|spawn git/i.test(text))
      throw new ConfigurationError(
        `--${flag}: resolving ${JSON.stringify(revision)} needs git, which was not found; pass the full 40-character sha`,
        { field: flag },
      );
    return "";
  });
  if (sha.trim()) return sha.trim();
  throw new ConfigurationError(
    `--${flag}: ${JSON.stringify(revision)} does not name a commit in ${dir} (git rev-parse found nothing; fetch it, or pass the sha)`,
    { field: flag },
  );
}
