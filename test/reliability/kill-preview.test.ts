// The SIGKILL sweeps (behind RUNWAY_RELIABILITY_FULL=1) for the bundled preview action, deploy
// and cleanup of PR 42 on dev's service. After each kill the same command is re-run in-process,
// over the same transport (both: gRPC figures as named, REST ones with a `/rest` suffix):
// dev's release must keep serving untouched, and the preview must end exactly in place (deploy)
// or gone (cleanup), with a converged re-run that writes nothing.
import { afterAll, describe, expect, it } from "vitest";
import { previewCommand } from "../../src/commands/preview.js";
import { LABEL_PREVIEW } from "../../src/core/preview.js";
import { servedTraffic } from "../../src/core/traffic.js";
import type { Transport } from "../../src/gcp/clients.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { KILL_TRANSPORTS, printTallies, startBundled, sweepKills } from "./kill-helpers.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";

const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";
const fx = useEmulator();
const DEV = `${PARENT}/services/web-dev`;
const TAG = "pr-42";

const preview = (root: string, action: "deploy" | "cleanup", n = 3, transport: Transport = "grpc") =>
  previewCommand(
    { action, pr: "42", image: digest(n), commit: sha(n), fork: false, environment: "dev", configDir: "environments", root },
    commandContext(fx.clients[transport]),
  );
const start = (action: "deploy" | "cleanup") => (root: string, transport: Transport) =>
  startBundled(
    fx,
    "preview",
    { command: action, pr: "42", image: digest(3), commit: sha(3), environment: "dev", "config-dir": "environments", "github-token": "" },
    root,
    {
      transport,
    },
  );

async function state() {
  const [service] = await fx.clients.grpc.services.getService({ name: DEV });
  const [revisions] = await fx.clients.grpc.revisions.listRevisions({ parent: DEV });
  const traffic = servedTraffic(service);
  return {
    live: traffic.find((e) => e.percent === 100)?.revision,
    tagged: traffic.filter((e) => e.tag === TAG),
    previews: revisions.filter((r) => r.labels?.[LABEL_PREVIEW] === "42").map((r) => String(r.name).split("/").pop() as string),
  };
}

let devLive: string | undefined;

/** dev runs release 1 and PR 42 had a preview of image 2: the sweeps start from there. */
async function setup(transport: Transport) {
  const root = workspace();
  devLive = (await deployTo(fx.clients[transport], root, "dev", 1)).outputs.revision;
  await preview(root, "deploy", 2, transport);
  return root;
}

const deploySweep = (transport: Transport) =>
  sweepKills(
    fx,
    "kill-preview-deploy",
    {
      setup,
      start: start("deploy"),
      verdicts: [
        [
          "",
          async (root, t) => {
            const again = await preview(root, "deploy", 3, t);
            await checkInvariants(fx, "dev", { root, rerun: () => preview(root, "deploy", 3, t) });
            const now = await state();
            expect(now.live, "dev's release still serves everything").toBe(devLive);
            // One pr-42 tag, at 0%, on the revision of image 3.
            expect(now.tagged).toEqual([{ revision: again.outputs.revision, percent: 0, tag: TAG }]);
          },
        ],
      ],
    },
    record,
    transport,
  );

const cleanupSweep = (transport: Transport) =>
  sweepKills(
    fx,
    "kill-preview-cleanup",
    {
      // Two previews pushed, then a dev deploy: neither preview revision is the latest, so
      // cleanup removes the tag and deletes both.
      setup: async (t) => {
        const root = await setup(t);
        await preview(root, "deploy", 3, t);
        devLive = (await deployTo(fx.clients[t], root, "dev", 4)).outputs.revision;
        return root;
      },
      start: start("cleanup"),
      verdicts: [
        [
          "",
          async (root, t) => {
            await preview(root, "cleanup", 3, t);
            await checkInvariants(fx, "dev", { root, rerun: () => preview(root, "cleanup", 3, t) });
            const now = await state();
            expect(now.live, "dev's release still serves everything").toBe(devLive);
            expect({ tagged: now.tagged, previews: now.previews }).toEqual({ tagged: [], previews: [] });
          },
        ],
      ],
    },
    record,
    transport,
  );

afterAll(() => {
  if (FULL) printTallies(["kill-preview-deploy", "kill-preview-cleanup"]);
});

describe.skipIf(!FULL).each(KILL_TRANSPORTS)(
  "SIGKILL between API calls of the preview action over %s (RUNWAY_RELIABILITY_FULL=1)",
  (transport) => {
    for (const [name, sweep] of [
      ["deploy", deploySweep],
      ["cleanup", cleanupSweep],
    ] as const) {
      it(`converges after a preview ${name} is killed after any call`, { timeout: 900_000 }, async () => {
        const { problems, killed, points, calls } = await sweep(transport);
        if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1") console.log(calls.map((c) => c.split("/").pop()).join(" → "));
        expect(problems).toEqual([]);
        expect(points).toBeGreaterThanOrEqual(2);
        expect(killed, "runs ended by SIGKILL").toBeGreaterThanOrEqual(points - 1);
      });
    }
  },
);
