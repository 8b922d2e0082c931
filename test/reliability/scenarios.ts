// The mutating operations the reliability suite drives, each as: a setup that brings the
// emulator to a realistic starting point, and the operation itself. Both go through the real
// commands (config loading, hooks, summaries), exactly as the CLI and the actions run them.
import { deployCommand } from "../../src/commands/deploy.js";
import { previewCommand } from "../../src/commands/preview.js";
import { promoteCommand } from "../../src/commands/promote.js";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { schedulerCommand } from "../../src/commands/scheduler.js";
import { LABEL_PREVIEW } from "../../src/core/preview.js";
import { servedTraffic } from "../../src/core/traffic.js";
import type { GcpClients } from "../../src/gcp/clients.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { PARENT } from "../helpers/emulator.js";

const configDir = "environments";

export interface Operation {
  name: string;
  /** The environment whose invariants are checked afterwards. */
  env: string;
  /** A converged re-run may refuse with this (rollback and promote say "already"). */
  convergedRefusal?: RegExp;
  /** Re-running rewrites the service even when nothing changed (see docs/reliability.md). */
  rerunMayRewrite?: boolean;
  setup(clients: GcpClients): Promise<string>;
  run(clients: GcpClients, root: string): Promise<unknown>;
  /** Only the calls of these methods are faulted (the others are covered by another operation). */
  faultOnly?: RegExp;
  /** Image specs registered with the emulator before the setup (POST /_emulator/images). */
  images?: Record<string, unknown>[];
  /** What the operation must have achieved once converged, beyond the generic invariants. */
  achieved?(clients: GcpClients): Promise<string | undefined>;
}

const ctx = (clients: GcpClients) => commandContext(clients);
export const deployTo = (clients: GcpClients, root: string, environment: string, n: number) =>
  deployCommand({ environment, image: digest(n), commit: sha(n), dryRun: false, configDir, root }, ctx(clients));

const previewTo = (clients: GcpClients, root: string, action: "deploy" | "cleanup", n = 2) =>
  previewCommand({ action, pr: "42", image: digest(n), commit: sha(n), fork: false, environment: "dev", configDir, root }, ctx(clients));

const DEV = `${PARENT}/services/web-dev`;
/** The pr-42 tag and the PR's revisions as the emulator holds them. */
async function previewState(clients: GcpClients) {
  const [service] = await clients.services.getService({ name: DEV });
  const [revisions] = await clients.revisions.listRevisions({ parent: DEV }, { autoPaginate: true });
  return {
    tagged: servedTraffic(service)
      .filter((e) => e.tag === "pr-42")
      .map((e) => e.revision),
    revisions: revisions.filter((r) => r.labels?.[LABEL_PREVIEW] === "42").map((r) => String(r.name).split("/").pop() as string),
  };
}

export const OPERATIONS: Operation[] = [
  {
    name: "deploy dev",
    env: "dev",
    setup: async (c) => {
      const root = workspace();
      await deployTo(c, root, "dev", 1);
      return root;
    },
    run: (c, root) => deployTo(c, root, "dev", 2),
  },
  {
    name: "deploy qa",
    env: "qa",
    setup: async (c) => {
      const root = workspace();
      await deployTo(c, root, "qa", 1);
      return root;
    },
    run: (c, root) => deployTo(c, root, "qa", 2),
  },
  {
    // Revisions that take a moment to start, as real ones do: the service write's operation is
    // still running when the write returns, so the client polls it, and the matrix faults the polls.
    name: "deploy qa, slow start",
    env: "qa",
    images: [1, 2].map((n) => ({ image: digest(n), startupMs: 40 })),
    faultOnly: /\/GetOperation$/,
    setup: async (c) => {
      const root = workspace();
      await deployTo(c, root, "qa", 1);
      return root;
    },
    run: (c, root) => deployTo(c, root, "qa", 2),
  },
  {
    name: "promote qa",
    env: "qa",
    convergedRefusal: /already live/,
    setup: async (c) => {
      const root = workspace();
      await deployTo(c, root, "dev", 1);
      await promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx(c));
      await deployTo(c, root, "dev", 2);
      return root;
    },
    run: (c, root) => promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx(c)),
  },
  {
    name: "rollback qa",
    env: "qa",
    convergedRefusal: /already serves 100%/,
    setup: async (c) => {
      const root = workspace();
      await deployTo(c, root, "qa", 1);
      await deployTo(c, root, "qa", 2);
      return root;
    },
    // An explicit target makes the re-run idempotent: a bare rollback would step back again.
    run: (c, root) =>
      rollbackCommand(
        { environment: "qa", to: "0000001-000001", force: false, migrateBack: false, dryRun: false, configDir, root },
        ctx(c),
      ),
  },
  {
    name: "scheduler sync qa",
    env: "qa",
    setup: async (c) => {
      await deployTo(c, workspace(), "qa", 1);
      // The sync runs with a changed cron, so it has an update to make.
      return workspace({ qa: (y) => y.replace('cron: "0 3 * * *"', 'cron: "30 4 * * *"') });
    },
    run: (c, root) => schedulerCommand({ environment: "qa", command: "sync", dryRun: false, prune: false, configDir, root }, ctx(c)),
  },
  {
    name: "preview deploy",
    env: "dev",
    setup: async (c) => {
      const root = workspace();
      await deployTo(c, root, "dev", 1);
      return root;
    },
    run: (c, root) => previewTo(c, root, "deploy"),
    achieved: async (c) => {
      const { tagged, revisions } = await previewState(c);
      return tagged.length === 1 && revisions.includes(tagged[0] as string)
        ? undefined
        : `pr-42 tags ${JSON.stringify(tagged)}, PR revisions ${JSON.stringify(revisions)}`;
    },
  },
  {
    // Two pushes to PR 42 (two preview revisions, the tag on the second), then a dev release,
    // so that neither preview revision is the service's latest: cleanup removes the tag and
    // deletes both (two DeleteRevision calls).
    name: "preview cleanup",
    env: "dev",
    setup: async (c) => {
      const root = workspace();
      await deployTo(c, root, "dev", 1);
      await previewTo(c, root, "deploy", 2);
      await previewTo(c, root, "deploy", 3);
      await deployTo(c, root, "dev", 4);
      return root;
    },
    run: (c, root) => previewTo(c, root, "cleanup"),
    achieved: async (c) => {
      const { tagged, revisions } = await previewState(c);
      return tagged.length || revisions.length
        ? `left behind: pr-42 tags ${JSON.stringify(tagged)}, PR revisions ${JSON.stringify(revisions)}`
        : undefined;
    },
  },
];
