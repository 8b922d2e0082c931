// The transcript of one failed action as a person reads it: a promotion to qa whose canary
// degrades at 50%. The job summary must say which action and environment, what was attempted,
// which step failed and why, that traffic was put back, and what the outputs are.
import { beforeAll, describe, expect, it } from "vitest";
import { runBundledAction } from "../helpers/action.js";
import { workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();
let root: string;

beforeAll(() => {
  // The runner's clock is real: qa's two-minute canary wait is cut to keep the test short.
  root = workspace({ qa: (y) => y.replace(/wait: 2m/, "wait: 1s") });
});

const env = () => ({ RUNWAY_EMULATOR_HOST: fx.emu.grpc, GITHUB_WORKSPACE: root });
const deployDev = (n: number) =>
  runBundledAction(
    "deploy",
    { environment: "dev", image: digest(n), commit: sha(n), "dry-run": "false", "config-dir": "environments" },
    env(),
  );
const promoteQa = () =>
  runBundledAction(
    "promote",
    { environment: "qa", release: "", reason: "weekly release", "dry-run": "false", "config-dir": "environments" },
    env(),
  );

describe("the summary of a promotion that fails at its canary", () => {
  it("names the action and environment, what was attempted, the failing step, the restored traffic and the outputs", async () => {
    expect((await deployDev(1)).code).toBe(0);
    const first = await promoteQa();
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs.outcome).toBe("deployed");

    // In qa only, the image answers its two smoke checks, then 503: a canary that degrades.
    const server =
      "let n=0;require('http').createServer((q,s)=>{s.statusCode=process.env.K_SERVICE==='web-qa'&&++n>2?503:200;s.end('n='+n)}).listen(process.env.PORT,'127.0.0.1')";
    await fx.control("/_emulator/images", { image: digest(4), command: ["node", "-e", server] });
    expect((await deployDev(4)).code).toBe(0);
    const run = await promoteQa();

    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const errors = run.stdout.split("\n").filter((l) => l.startsWith("::error"));
    // One ::error (workflow commands escape % as %25).
    expect(errors).toEqual([expect.stringMatching(/^::error::promotion to qa failed at traffic 50%25: check health failed: status 503/)]);

    const text = run.summary.split("\n");
    expect(text[0]).toBe("## Runway promote dev → qa: ❌ failed at **traffic 50%**");
    expect(text).toContain("**Attempted:** promote the release live in the source environment to qa (reason: weekly release)");
    expect(run.summary).toMatch(/^> \*\*traffic 50%\*\* failed: .*status 503/m);
    expect(text).toContain("> Traffic was restored to what it was before the rollout.");
    expect(run.summary).toMatch(/^\| traffic 50% \| ❌ failed \|/m);
    expect(text).toContain("### Outputs");
    expect(text).toContain("| <code>outcome</code> | <code>rolled-back</code> |");
    expect(text).toContain("| <code>failed-step</code> | <code>traffic 50%</code> |");
    expect(text).toContain("| <code>revision</code> | (empty) |");
    expect(text).toContain(`| <code>previous-revision</code> | <code>${first.outputs.revision}</code> |`);

    // The outputs themselves say what happened.
    expect(run.outputs.outcome).toBe("rolled-back");
    expect(run.outputs["failed-step"]).toBe("traffic 50%");
    expect(run.outputs.revision).toBe("");
    expect(run.outputs["planned-revision"]).toMatch(/^web-qa-0000004-/);
    expect(run.outputs["previous-revision"]).toBe(first.outputs.revision);
    expect(run.outputs.image).toBe(digest(4));

    const [service] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-qa` });
    expect(service.trafficStatuses?.find((t) => Number(t.percent) === 100)?.revision).toBe(first.outputs.revision);
  });
});
