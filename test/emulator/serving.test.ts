import { describe, expect, it } from "vitest";
import { rpcFailure, useEmulator } from "../helpers/emulator.js";
import { createService, get, shortName, updateService, withImage } from "../helpers/run.js";

const fx = useEmulator();

// A tiny real HTTP server, so the command runtime is exercised with a real process.
const SERVER = `require("http").createServer((q, s) => s.end(JSON.stringify({ path: q.url, revision: process.env.K_REVISION, service: process.env.K_SERVICE, greeting: process.env.GREETING, secret: process.env.API_KEY }))).listen(process.env.PORT, "127.0.0.1")`;

describe("serving revisions as their images would", () => {
  const run = () => fx.clients.grpc.services;

  it("answers with the catalog's status, body and latency", async () => {
    await fx.control("/_emulator/images", { image: "teapot:1", status: 418, body: "short and stout", latencyMs: 50 });
    const svc = await createService(run(), "web", "teapot:1");
    const started = Date.now();
    const answer = await get(svc.uri as string);
    expect(answer).toEqual({ status: 418, text: "short and stout" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it("matches a catalog entry by repository when the reference carries a digest", async () => {
    await fx.control("/_emulator/images", { image: "registry.example/app/web", body: { ok: true } });
    const svc = await createService(run(), "web", `registry.example/app/web@sha256:${"a".repeat(64)}`);
    expect(JSON.parse((await get(svc.uri as string)).text)).toEqual({ ok: true });
  });

  it("spawns a command image with PORT, K_SERVICE, K_REVISION and env, and proxies to it", async () => {
    await fx.control("/_emulator/images", { image: "node-app:1", command: ["node", "-e", SERVER], env: { GREETING: "hello" } });
    const svc = await createService(run(), "web", "node-app:1", {
      template: {
        containers: [
          { image: "node-app:1", env: [{ name: "API_KEY", valueSource: { secretKeyRef: { secret: "api-key", version: "3" } } }] },
        ],
      },
    });
    const answer = JSON.parse((await get(`${svc.uri}/some/path?x=1`)).text);
    expect(answer).toEqual({
      path: "/some/path?x=1",
      revision: shortName(svc.latestReadyRevision),
      service: "web",
      greeting: "hello",
      secret: "emulator-secret:api-key:3",
    });
  });

  it("fails the rollout when the command exits before listening, with its output in the message", async () => {
    await fx.control("/_emulator/images", {
      image: "crash:1",
      command: ["node", "-e", "console.error('boom: missing DATABASE_URL'); process.exit(3)"],
    });
    const svc = await createService(run(), "web");
    const failure = await rpcFailure(updateService(run(), svc.name as string, withImage("crash:1")));
    expect(failure.code).toBe("FAILED_PRECONDITION");
    expect(failure.message).toContain("boom: missing DATABASE_URL");
  });

  it("stops an instance nothing routes to, and restarts it on the next request (a cold start)", async () => {
    await fx.control("/_emulator/images", { image: "node-app", command: ["node", "-e", SERVER] });
    const svc = await createService(run(), "web", "node-app:1");
    const v2 = await updateService(run(), svc.name as string, withImage("node-app:2"));
    expect(JSON.parse((await get(v2.uri as string)).text).revision).toBe(shortName(v2.latestReadyRevision));
    const revUrl = `${fx.emu.http}/rev/demo-project/asia-northeast3/${shortName(svc.latestReadyRevision)}/`;
    expect(JSON.parse((await get(revUrl)).text).revision).toBe(shortName(svc.latestReadyRevision));
  });

  it("answers 404 for unknown services and tags", async () => {
    const svc = await createService(run(), "web");
    expect((await get(`${fx.emu.http}/run/demo-project/asia-northeast3/nope`)).status).toBe(404);
    expect((await get((svc.uri as string).replace("/web", "/ghost---web"))).status).toBe(404);
  });
});
