// Rollback speed: the bundled rollback action from process start to traffic restored, beside
// the floor of any gcloud-based rollback (one `gcloud run services update-traffic --help`).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { startEmulator } from "../../src/emulator/index.js";
import { countByMethod } from "./deploy.js";
import { benchAction, benchNodes, median } from "./action.js";
import type { Section } from "./report.js";

// Distinct, realistic-looking commits and digests, so every release has its own id and tag.
const IMAGE = (n: number) =>
  `asia-northeast3-docker.pkg.dev/demo-project/app/web@sha256:${createHash("sha256").update(`image ${n}`).digest("hex")}`;
const COMMIT = (n: number) => createHash("sha1").update(`commit ${n}`).digest("hex");

function timeCommand(argv: string[]): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) =>
    spawn(argv[0] as string, argv.slice(1), { stdio: "ignore" }).once("exit", () => resolve(Date.now() - started)),
  );
}

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
const ROLLBACK = { environment: "dev", to: "", force: "false", "migrate-back": "false", "dry-run": "false", "config-dir": "environments" };

/** Deploys two releases, rolls back to the first: median times over `runs`, and the calls made. */
async function timeRollbacks(emulator: Emulator, host: string, node: string, runs: number) {
  const deploy = async (n: number) => {
    const run = await benchAction(
      "deploy",
      host,
      { environment: "dev", image: IMAGE(n), commit: COMMIT(n), "dry-run": "false", "config-dir": "environments" },
      node,
    );
    if (run.code !== 0) throw new Error(`deploy ${n} failed (exit ${run.code})`);
  };
  const restored: number[] = [];
  const exits: number[] = [];
  let calls = "";
  for (let i = 0; i < runs; i++) {
    await deploy(2 * i + 1);
    await deploy(2 * i + 2);
    const before = emulator.registry.calls.length;
    const run = await benchAction("rollback", host, ROLLBACK, node);
    const mine = emulator.registry.calls.slice(before);
    const write = mine.find((c) => c.method.endsWith("UpdateService"));
    if (run.code !== 0 || !write) throw new Error(`rollback failed (exit ${run.code})`);
    restored.push(new Date(write.time).getTime() - run.started);
    exits.push(run.ended - run.started);
    const upToWrite = mine.slice(0, mine.indexOf(write) + 1);
    calls = `${upToWrite.length} to restore traffic (${countByMethod(upToWrite)}); ${mine.length} in all (${countByMethod(mine)})`;
  }
  return { restored: median(restored), exit: median(exits), calls };
}

export async function rollbackBench(): Promise<Section> {
  const emulator = await startEmulator();
  try {
    const gcloud: number[] = [];
    for (let i = 0; i < 3; i++) gcloud.push(await timeCommand(["gcloud", "run", "services", "update-traffic", "--help"]));
    const floor = median(gcloud);
    const rows: [string, string, string][] = [];
    let headline = { restored: 0, exit: 0, calls: "" };
    for (const node of benchNodes()) {
      for (const transport of ["grpc", "rest"] as const) {
        await emulator.reset();
        const t = await timeRollbacks(emulator, transport === "grpc" ? emulator.grpc : emulator.http, node.bin, 5);
        if (!headline.calls) headline = t;
        const label = `${node.label}, ${transport === "grpc" ? "gRPC (default)" : "REST"}`;
        rows.push([
          `process start to traffic restored, ${label}`,
          `${t.restored} ms (${(floor / t.restored).toFixed(1)}x faster than gcloud's floor)`,
          "< 250 ms, >= 4x",
        ]);
        rows.push([`process start to exit, including the checks after the shift, ${label}`, `${t.exit} ms`, "reported"]);
      }
    }
    const best = Math.min(...rows.filter((r) => r[0].includes("traffic restored")).map((r) => Number.parseInt(r[1], 10)));
    return {
      title: "Rollback",
      intro:
        "The bundled `dist/rollback/index.js` rolling dev back to the previous release, run as the runner runs it, against the in-process emulator (median of 5 per row; with `RUNWAY_BENCH_NODE` set, the rows are also measured with that Node binary, for example Node 24, the runtime `runs.using: node24` gives an action on a runner). Traffic is restored when the emulator receives the UpdateService that moves it (its operation completes at once). The gcloud figure is one `gcloud run services update-traffic --help` process: the least any gcloud-based rollback costs (median of 3).",
      rows: [
        ...rows,
        [
          "API calls per rollback (the batch job and schedule restore follows the traffic, then one more read checks no other rollout took the service meanwhile)",
          headline.calls,
          "one read and one write of the service",
        ],
        ["`gcloud run services update-traffic --help`", `${floor} ms`, "floor of a gcloud rollback"],
      ],
      notes:
        [
          best >= 250
            ? "**The 250 ms target is not met.** As the deploy section shows, loading and constructing the official Cloud Run client takes most of that time before Runway makes its first call."
            : "",
          floor / best < 4 ? `**The 4x target is not met** (at best ${(floor / best).toFixed(1)}x), for the same reason.` : "",
        ]
          .filter(Boolean)
          .join(" ") || undefined,
    };
  } finally {
    await emulator.stop();
  }
}
