// Turns octokit's errors into one readable line: which call, GitHub's status and message, and
// what to change. The most common failure in a workflow is a token without the right
// `permissions:`, and GitHub's own "Resource not accessible by integration" does not say which.
import type { ErrorKind, UserReason } from "../shared/errors.js";

/** The `permissions:` a job needs for Runway's GitHub calls, in the order a workflow lists them. */
export const WORKFLOW_PERMISSIONS = ["deployments: write", "pull-requests: write", "contents: read"] as const;
export type Permission = (typeof WORKFLOW_PERMISSIONS)[number];

/** One adapter call, named for people: "create deployment", and the permission it needs. */
export interface CallInfo {
  what: string;
  permission: Permission;
}

export class GitHubError extends Error {
  /** GitHub's answer mapped into Runway's taxonomy: no answer or a 5xx may pass, a 409 is someone else's change. */
  readonly kind: ErrorKind;
  readonly reason: UserReason | undefined;
  constructor(
    message: string,
    /** The HTTP status, or undefined when no answer came back. */
    readonly status: number | undefined,
    /** `METHOD /path` of the request that failed. */
    readonly call: string,
    /** GitHub's own message, unchanged. */
    readonly githubMessage: string,
  ) {
    super(message);
    this.name = "GitHubError";
    this.kind =
      status === undefined || status >= 500 || status === 429 ? "transient" : status === 409 || status === 412 ? "conflict" : "user";
    this.reason = this.kind === "user" ? "failure" : undefined;
  }
}

interface MaybeRequestError {
  status?: unknown;
  message?: unknown;
  request?: { method?: string; url?: string };
  response?: { data?: unknown };
}

/** `POST /repos/o/r/deployments`: the path without host or query, which may be long or noisy. */
function describeRequest(error: MaybeRequestError): string {
  const method = error.request?.method ?? "?";
  const url = error.request?.url;
  if (!url) return method;
  try {
    return `${method} ${new URL(url).pathname}`;
  } catch {
    return `${method} ${url}`;
  }
}

function githubMessageOf(error: MaybeRequestError): string {
  const data = error.response?.data as { message?: unknown; errors?: unknown } | undefined;
  // Without an answer, octokit's message is already the cause: "connect ECONNREFUSED ...".
  const message = typeof data?.message === "string" ? data.message : String(error.message ?? error);
  // 422s carry the field-level reasons in `errors`; without them "Validation Failed" says nothing.
  const details = Array.isArray(data?.errors) ? data.errors.map(detailOf).filter(Boolean) : [];
  return details.length ? `${message} (${details.join("; ")})` : message;
}

function detailOf(detail: unknown): string {
  if (typeof detail === "string") return detail;
  const d = detail as { message?: string; field?: string; code?: string } | null;
  if (!d) return "";
  return d.message ?? [d.field, d.code].filter(Boolean).join(" ");
}

function advice(status: number | undefined, githubMessage: string, info: CallInfo): string {
  if ((status === 403 || status === 429) && /rate limit/i.test(githubMessage)) {
    return " GitHub's rate limit was hit; re-run the job later.";
  }
  if (status === 401 || status === 403) {
    const block = WORKFLOW_PERMISSIONS.join(", ");
    return ` This call needs \`${info.permission}\`: give the workflow's job \`permissions:\` ${block} (and check that the token is the job's GITHUB_TOKEN or a token with those scopes).`;
  }
  return "";
}

/** Wraps any error thrown by octokit for `info` into a GitHubError with a message a person can act on. */
export function toGitHubError(error: unknown, info: CallInfo): GitHubError {
  if (error instanceof GitHubError) return error;
  const e = (error ?? {}) as MaybeRequestError;
  // octokit reports a failed fetch (no answer) as status 500; its `response` is then absent.
  const status = typeof e.status === "number" && e.response ? e.status : undefined;
  const call = describeRequest(e);
  const githubMessage = githubMessageOf(e);
  const head = `GitHub API: ${info.what} failed (${call}): ${status ?? "no response"} ${githubMessage.replace(/\.$/, "")}.`;
  return new GitHubError(head + advice(status, githubMessage, info), status, call, githubMessage);
}

/** Runs one GitHub call and rethrows its failure as a GitHubError. */
export async function callGitHub<T>(info: CallInfo, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toGitHubError(error, info);
  }
}
