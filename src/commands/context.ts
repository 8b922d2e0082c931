// What every command (shared by the actions and the CLI) is given by its entry point.
import type { GcpClients } from "../gcp/clients.js";
import { UserError } from "../shared/errors.js";
import type { Clock, Logger } from "../shared/runtime.js";

export interface GitHubContext {
  token: string;
  apiUrl: string;
  /** owner/name */
  repository: string;
  /** Link to the workflow run, for deployment statuses and notifications. */
  runUrl?: string;
}

export interface CommandContext {
  logger: Logger;
  clock: Clock;
  clients: () => GcpClients;
  fetch: typeof fetch;
  github?: GitHubContext;
  /** Environment variables, for secrets named in config (e.g. the webhook URL). */
  env: Record<string, string | undefined>;
}

export interface CommandResult {
  outputs: Record<string, string>;
  summary: string;
  /** Machine-readable result for --format json. */
  json: unknown;
  /** Non-zero when the command ran but its verdict is negative (e.g. a blocked gate). */
  exitCode?: number;
}

/** A failed command that still has a summary to show. */
export class CommandFailure extends UserError {
  constructor(
    message: string,
    readonly summary: string,
    override readonly cause?: unknown,
    /** The outputs the action still sets (the outcome first): a failed step says what happened. */
    readonly outputs?: Record<string, string>,
  ) {
    super(message);
    this.name = "CommandFailure";
  }
}
