// Drift: changes made to a service outside Runway since its last release, in status and in the plan.
import { describe, expect, it } from "vitest";
import { deploy } from "../../src/core/deploy.js";
import { readDrift } from "../../src/core/drift.js";
import { planText } from "../../src/present/terminal/index.js";
import { environmentStatus } from "../../src/core/status.js";
import { deps, digest, sha, target } from "../helpers/deploy.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { updateService } from "../helpers/run.js";

const fx = useEmulator();
const NAME = `${PARENT}/services/web`;
const declared = () => target({ service: { name: "web", concurrency: 80, env: { DJANGO_SETTINGS_MODULE: "config.settings" } } });

describe.each(TRANSPORTS)("drift (%s)", (transport) => {
  it("is empty right after a release", async () => {
    const clients = fx.clients[transport];
    await deploy({ target: declared(), image: digest(1), commit: sha(1), dryRun: false }, deps(clients));
    const [service] = await clients.services.getService({ name: NAME });
    expect(readDrift(service)).toMatchObject({ since: { release: expect.any(String) }, changes: [] });
  });

  it("names what gcloud changed, and the plan says which changes it keeps and which it overwrites", async () => {
    const clients = fx.clients[transport];
    await deploy({ target: declared(), image: digest(1), commit: sha(1), dryRun: false }, deps(clients));
    // As `gcloud run services update web --concurrency 10 --network default --description …` would.
    await updateService(clients.services, NAME, (s) => ({
      ...s,
      description: "edited in the console",
      template: {
        ...s.template,
        revision: "",
        maxInstanceRequestConcurrency: 10,
        vpcAccess: { networkInterfaces: [{ network: "default" }], egress: "PRIVATE_RANGES_ONLY" },
      },
    }));
    const status = await environmentStatus(
      { name: "qa", project: "demo-project", region: "asia-northeast3", service: { name: "web" } },
      deps(clients),
    );
    expect(status.drift?.changes.map((c) => [c.path, c.before, c.after])).toEqual([
      ["description", undefined, '"edited in the console"'],
      ["template.maxInstanceRequestConcurrency", "80", "10"],
      ["template.vpcAccess.egress", undefined, '"PRIVATE_RANGES_ONLY"'],
      ["template.vpcAccess.networkInterfaces", undefined, '[{"network":"default"}]'],
    ]);
    const plan = await deploy({ target: declared(), image: digest(2), commit: sha(2), dryRun: true }, deps(clients));
    const text = planText(plan.plan);
    expect(text).toContain("changed outside Runway since");
    expect(text).toMatch(/template\.maxInstanceRequestConcurrency: 80 → 10 {2}\(declared in the YAML: this deploy overwrites it\)/);
    expect(text).toMatch(/template\.vpcAccess\.egress: \(none\) → "PRIVATE_RANGES_ONLY" {2}\(not declared: kept\)/);
  });
});
