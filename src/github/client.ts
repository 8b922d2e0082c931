// Runway's handle on the GitHub REST API. The caller (an action or the CLI) reads the token, the
// API URL and the repository from its environment and passes them in, so the core never reads
// process.env and tests point it at a local fake.
import { Octokit } from "octokit";
import { ConfigurationError } from "../shared/errors.js";
import type { Logger } from "../shared/runtime.js";

export const DEFAULT_API_URL = "https://api.github.com";

export interface GitHubOptions {
  token: string;
  /** GITHUB_API_URL in Actions (differs on GitHub Enterprise Server). */
  apiUrl?: string;
  /** "owner/repo", as GITHUB_REPOSITORY. */
  repository: string;
  logger: Logger;
  /** Retries of a read or an update after a 5xx or a lost connection; 4xx answers are never retried. */
  retries?: number;
  /** Per request; octokit has no timeout of its own, and a hung call would hold the job for hours. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface GitHub {
  readonly octokit: Octokit;
  readonly owner: string;
  readonly repo: string;
  readonly logger: Logger;
}

function parseRepository(repository: string): { owner: string; repo: string } {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository.trim());
  if (!match) throw new ConfigurationError(`repository must be "owner/repo", got ${JSON.stringify(repository)}`, { field: "repository" });
  return { owner: match[1]!, repo: match[2]! };
}

function withTimeout(ms: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(ms) });
}

export function createGitHub(options: GitHubOptions): GitHub {
  const { token, logger } = options;
  if (!token) throw new ConfigurationError("a GitHub token is required (pass the job's GITHUB_TOKEN)", { field: "token" });
  // Registered before anything can print it, including octokit's own warnings.
  logger.secret(token);
  const { owner, repo } = parseRepository(options.repository);
  const octokit = new Octokit({
    auth: token,
    baseUrl: (options.apiUrl || DEFAULT_API_URL).replace(/\/+$/, ""),
    userAgent: "runway",
    // Bounded retries with short waits: a deploy step should fail in seconds with a clear
    // message rather than sit through octokit's default back-off.
    retry: { retries: options.retries ?? 2, retryAfterBaseValue: 250 },
    // The throttling plugin would wait for a rate-limit reset, up to an hour; a failed call
    // with GitHub's message is the better outcome for a deploy.
    throttle: { enabled: false },
    request: { fetch: withTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) },
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.error(message),
    },
  });
  // A POST that failed with a 5xx may have been carried out all the same; retrying it could leave
  // two deployments or two comments. GETs and PATCHes are safe to repeat.
  octokit.hook.before("request", (request) => {
    if (request.method === "POST") request.request = { ...request.request, retries: 0 };
  });
  return { octokit, owner, repo, logger };
}
