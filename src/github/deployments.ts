// GitHub Deployments: what makes a Cloud Run release show up in the pull request's timeline and
// on the repository's Environments page, with a link to the revision and to the run's log.
import type { GitHub } from "./client.js";
import { type CallInfo, callGitHub, GitHubError } from "./errors.js";

export type DeploymentState = "queued" | "in_progress" | "success" | "failure" | "error" | "inactive";

/** GitHub refuses a status description longer than this. */
export const MAX_STATUS_DESCRIPTION = 140;

const WRITE: Omit<CallInfo, "what"> = { permission: "deployments: write" };

export interface StartDeploymentOptions {
  /** The commit SHA being deployed. */
  ref: string;
  environment: string;
  payload?: Record<string, unknown>;
  description?: string;
  /** A per-PR preview that goes away: GitHub shows it as "destroyed" once inactive. */
  transient?: boolean;
  production?: boolean;
  /** When known up front (a preview's tag URL), shown on the environment from the start. */
  environmentUrl?: string;
}

export interface DeploymentStatusOptions {
  state: DeploymentState;
  environmentUrl?: string;
  logUrl?: string;
  description?: string;
  /** GitHub's default (true) deactivates earlier successful deployments of the environment. */
  autoInactive?: boolean;
}

export interface DeploymentSummary {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  description: string | null;
  payload: Record<string, unknown> | string;
  transient: boolean;
  production: boolean;
  createdAt: string;
}

/** Shortens `text` to GitHub's limit, counting characters rather than UTF-16 units. */
export function truncateDescription(text: string, max = MAX_STATUS_DESCRIPTION): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

export async function startDeployment(gh: GitHub, options: StartDeploymentOptions): Promise<{ id: number }> {
  const what = `create deployment of ${options.ref.slice(0, 12)} to ${options.environment}`;
  const response = await callGitHub({ ...WRITE, what }, () =>
    gh.octokit.rest.repos.createDeployment({
      owner: gh.owner,
      repo: gh.repo,
      ref: options.ref,
      environment: options.environment,
      payload: options.payload ?? {},
      description: options.description ?? "",
      transient_environment: options.transient ?? false,
      production_environment: options.production ?? false,
      // Runway deploys exactly the commit it was given: no merge of the default branch, and no
      // wait on commit statuses, since the workflow itself is the check that gates the deploy.
      auto_merge: false,
      required_contexts: [],
    }),
  );
  if (response.status === 202 || !("id" in response.data)) {
    const message = (response.data as { message?: string }).message ?? "no deployment was created";
    const call = `POST /repos/${gh.owner}/${gh.repo}/deployments`;
    throw new GitHubError(`GitHub API: ${what} returned no deployment (202, ${call}): ${message}.`, 202, call, message);
  }
  const id = response.data.id;
  if (options.environmentUrl) await setDeploymentStatus(gh, id, { state: "queued", environmentUrl: options.environmentUrl });
  return { id };
}

export async function setDeploymentStatus(gh: GitHub, id: number, options: DeploymentStatusOptions): Promise<{ id: number }> {
  const response = await callGitHub({ ...WRITE, what: `set deployment ${id} to ${options.state}` }, () =>
    gh.octokit.rest.repos.createDeploymentStatus({
      owner: gh.owner,
      repo: gh.repo,
      deployment_id: id,
      state: options.state,
      ...(options.environmentUrl !== undefined && { environment_url: options.environmentUrl }),
      ...(options.logUrl !== undefined && { log_url: options.logUrl }),
      ...(options.description !== undefined && { description: truncateDescription(options.description) }),
      ...(options.autoInactive !== undefined && { auto_inactive: options.autoInactive }),
    }),
  );
  return { id: response.data.id };
}

export async function listDeployments(gh: GitHub, environment: string): Promise<DeploymentSummary[]> {
  const deployments = await callGitHub({ ...WRITE, what: `list deployments of ${environment}` }, () =>
    gh.octokit.paginate(gh.octokit.rest.repos.listDeployments, { owner: gh.owner, repo: gh.repo, environment, per_page: 100 }),
  );
  return deployments.map((d) => ({
    id: d.id,
    sha: d.sha,
    ref: d.ref,
    environment: d.environment,
    description: d.description,
    payload: d.payload,
    transient: d.transient_environment ?? false,
    production: d.production_environment ?? false,
    createdAt: d.created_at,
  }));
}

async function latestState(gh: GitHub, id: number): Promise<string | undefined> {
  const response = await callGitHub({ ...WRITE, what: `read the status of deployment ${id}` }, () =>
    // Statuses come newest first, so the first one is the current state.
    gh.octokit.rest.repos.listDeploymentStatuses({ owner: gh.owner, repo: gh.repo, deployment_id: id, per_page: 1 }),
  );
  return response.data[0]?.state;
}

/**
 * Marks every deployment of `environment` inactive except `exceptId`, so that only the live
 * release shows as active. Returns the ids it changed.
 */
export async function markInactive(gh: GitHub, environment: string, exceptId?: number): Promise<number[]> {
  const changed: number[] = [];
  const description = exceptId === undefined ? "Deactivated by Runway" : `Superseded by deployment ${exceptId}`;
  // One call at a time: GitHub's secondary rate limits punish bursts of writes.
  for (const deployment of await listDeployments(gh, environment)) {
    if (deployment.id === exceptId) continue;
    if ((await latestState(gh, deployment.id)) === "inactive") continue;
    await setDeploymentStatus(gh, deployment.id, { state: "inactive", description });
    changed.push(deployment.id);
  }
  return changed;
}
