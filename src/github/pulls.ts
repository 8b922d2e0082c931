// Pull requests and commits: which PR a deployed commit came from, what a release contains, and
// the one comment per PR that Runway keeps up to date instead of adding a new one each push.
import { ConfigurationError } from "../shared/errors.js";
import type { GitHub } from "./client.js";
import { callGitHub } from "./errors.js";

export interface PullRequestRef {
  number: number;
  title: string;
  author: string;
  url: string;
}

export interface CommitSummary {
  sha: string;
  /** The first line only. */
  message: string;
  author: string;
  /** PRs named in the first line: squash merges "(#123)", merge commits "Merge pull request #123". */
  prNumbers: number[];
}

const COMPARE_PAGE = 100;

/** The PR a commit belongs to: the one it was merged by, else the one whose head it is. */
export async function pullRequestForCommit(gh: GitHub, sha: string): Promise<PullRequestRef | undefined> {
  const what = `find the pull request of ${sha.slice(0, 12)}`;
  const response = await callGitHub({ permission: "contents: read", what }, () =>
    gh.octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner: gh.owner, repo: gh.repo, commit_sha: sha }),
  );
  const pulls = response.data;
  const pull = pulls.find((p) => p.merge_commit_sha === sha && p.merged_at) ?? pulls.find((p) => p.state === "open") ?? pulls[0];
  if (!pull) return undefined;
  return { number: pull.number, title: pull.title, author: pull.user?.login ?? "ghost", url: pull.html_url };
}

export function parsePrNumbers(subject: string): number[] {
  const numbers = [...subject.matchAll(/\(#(\d+)\)|^Merge pull request #(\d+)/g)].map((m) => Number(m[1] ?? m[2]));
  return [...new Set(numbers)];
}

/** The commits in `head` that are not in `base`, oldest first, as the compare view lists them. */
export async function commitsBetween(gh: GitHub, base: string, head: string): Promise<CommitSummary[]> {
  const basehead = `${base}...${head}`;
  const commits: CommitSummary[] = [];
  // The compare answer is an object, not a list, so octokit.paginate cannot walk it: page by hand
  // until `total_commits` are in (unpaged, GitHub would stop at 250 commits).
  for (let page = 1; ; page++) {
    const response = await callGitHub({ permission: "contents: read", what: `compare ${basehead}` }, () =>
      gh.octokit.rest.repos.compareCommitsWithBasehead({ owner: gh.owner, repo: gh.repo, basehead, per_page: COMPARE_PAGE, page }),
    );
    for (const c of response.data.commits) {
      const message = c.commit.message.split("\n", 1)[0] ?? "";
      const author = c.author?.login ?? c.commit.author?.name ?? "unknown";
      commits.push({ sha: c.sha, message, author, prNumbers: parsePrNumbers(message) });
    }
    if (response.data.commits.length < COMPARE_PAGE || commits.length >= response.data.total_commits) return commits;
  }
}

/** The hidden line that identifies Runway's comment of one kind on a PR. */
export function stickyMarker(marker: string): string {
  // The marker ends up inside an HTML comment; anything beyond a plain name could close it early.
  if (!/^[A-Za-z0-9_.:-]+$/.test(marker)) {
    throw new ConfigurationError(`a comment marker must be letters, digits, "_", ".", ":" or "-", got ${JSON.stringify(marker)}`);
  }
  return `<!-- runway:${marker} -->`;
}

/** Creates or updates the single comment on `issueNumber` that carries `marker`. */
export async function upsertStickyComment(
  gh: GitHub,
  issueNumber: number,
  marker: string,
  body: string,
): Promise<{ id: number; created: boolean }> {
  const tag = stickyMarker(marker);
  const text = body.includes(tag) ? body : `${tag}\n${body}`;
  const info = { permission: "pull-requests: write", what: `update the runway:${marker} comment on #${issueNumber}` } as const;
  const comments = await callGitHub(info, () =>
    gh.octokit.paginate(gh.octokit.rest.issues.listComments, { owner: gh.owner, repo: gh.repo, issue_number: issueNumber, per_page: 100 }),
  );
  const existing = comments.find((c) => c.body?.includes(tag));
  if (!existing) return { id: await commentOnPullRequest(gh, issueNumber, text).then((c) => c.id), created: true };
  // An unchanged body is not rewritten: every edit lands in the comment's history.
  if (existing.body !== text) {
    await callGitHub(info, () =>
      gh.octokit.rest.issues.updateComment({ owner: gh.owner, repo: gh.repo, comment_id: existing.id, body: text }),
    );
  }
  return { id: existing.id, created: false };
}

export async function commentOnPullRequest(gh: GitHub, number: number, body: string): Promise<{ id: number; url: string }> {
  const response = await callGitHub({ permission: "pull-requests: write", what: `comment on #${number}` }, () =>
    // A PR's conversation comments are issue comments; the pulls API's comments are review comments.
    gh.octokit.rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: number, body }),
  );
  return { id: response.data.id, url: response.data.html_url };
}
