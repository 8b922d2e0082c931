import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { Emu } from "../context.js";
import type { Json } from "../proto.js";
import type { ServiceRecord } from "../state.js";
import { TIME_HEADER } from "../monitoring/traffic.js";
import { revisionId } from "./runtime.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pickByPercent(record: ServiceRecord): string | undefined {
  const statuses = ((record.resource.trafficStatuses ?? []) as Json[]).filter((s) => Number(s.percent ?? 0) > 0);
  // 37 is coprime with 100, so consecutive requests walk every bucket: a 10% canary sees
  // every tenth request, spread out, which makes a split observable and deterministic.
  const bucket = (record.requestSeq++ * 37) % 100;
  let cumulative = 0;
  for (const status of statuses) {
    cumulative += Number(status.percent);
    if (bucket < cumulative)
      return status.revision ? String(status.revision) : String(record.resource.latestReadyRevision).split("/").pop();
  }
  return undefined;
}

/** Which revision a data-plane path addresses, and the path the container should see. */
function resolve(emu: Emu, url: URL): { revision?: Json; serviceId?: string; path: string; error?: string } | undefined {
  const match = /^\/(run|rev)\/([^/]+)\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!match) return undefined;
  const [, kind, project, location, host, rest] = match as unknown as string[];
  const path = (rest || "/") + url.search;
  const prefix = `projects/${project}/locations/${location}/services/`;
  if (kind === "rev") {
    const record = [...emu.store.revisions.values()].find(
      (r) => String(r.resource.name).startsWith(prefix) && revisionId(r.resource) === host,
    );
    return record
      ? { revision: record.resource, serviceId: String(record.resource.service).split("/").pop(), path }
      : { path, error: "no such revision" };
  }
  const [tag, serviceId] = (host as string).includes("---") ? (host as string).split("---") : [undefined, host];
  const service = emu.store.services.get(`${prefix}${serviceId}`);
  if (!service) return { path, error: "no such service" };
  const statuses = (service.resource.trafficStatuses ?? []) as Json[];
  const id = tag
    ? (statuses.find((s) => s.tag === tag)?.revision ??
      (statuses.find((s) => s.tag === tag) ? String(service.resource.latestReadyRevision).split("/").pop() : undefined))
    : pickByPercent(service);
  const revision = id ? emu.store.revisions.get(`${prefix}${serviceId}/revisions/${id}`) : undefined;
  return revision
    ? { revision: revision.resource, serviceId, path }
    : { path, error: tag ? `no traffic target tagged ${tag}` : "no revision serves traffic" };
}

function proxy(req: IncomingMessage, res: ServerResponse, port: number, path: string): Promise<void> {
  return new Promise((done) => {
    const upstream = httpRequest({ host: "127.0.0.1", port, path, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on("end", () => done());
    });
    upstream.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`upstream error: ${error.message}`);
      done();
    });
    req.pipe(upstream);
  });
}

/**
 * Records the request for the Monitoring API when its answer is complete: the status the caller got
 * and the latency measured from arrival. The time is the emulator's clock, or the time a synthetic
 * `count` run of POST /_emulator/traffic gives in its header (which never reaches the container).
 */
function record(emu: Emu, req: IncomingMessage, res: ServerResponse, revision: Json): void {
  const started = performance.now();
  const given = Number(req.headers[TIME_HEADER]);
  delete req.headers[TIME_HEADER];
  const time = Number.isFinite(given) && given > 0 ? given : emu.now().getTime();
  const [project, location] = String(revision.name)
    .split("/")
    .filter((_, i) => i % 2 === 1);
  res.once("close", () =>
    emu.requests.record({
      time,
      project: project as string,
      location: location as string,
      service: String(revision.service).split("/").pop() as string,
      revision: revisionId(revision),
      code: res.statusCode,
      latencyMs: performance.now() - started,
    }),
  );
}

/** Answers on a revision's, tag's or service's URL as the image would. */
export async function handleServing(emu: Emu, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const target = resolve(emu, url);
  if (!target) return false;
  if (!target.revision) {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end(`Error: Page not found (${target.error})`);
    return true;
  }
  record(emu, req, res, target.revision);
  const container = ((target.revision.containers ?? []) as Json[])[0] ?? {};
  const image = String(container.image ?? "");
  const spec = emu.runtime.spec(image);
  if (spec?.latencyMs) await sleep(spec.latencyMs);
  if (spec?.extraLatencyMs) await sleep(spec.extraLatencyMs);
  if (spec?.errorRatio && emu.requests.nextFails(String(target.revision.name), spec.errorRatio)) {
    res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end("Internal Server Error");
    return true;
  }
  if (spec?.command || spec?.entrypoint) {
    const port = await emu.runtime.instancePort(target.revision, target.serviceId as string);
    if (typeof port === "number") return proxy(req, res, port, target.path).then(() => true);
    res.writeHead(503, { "content-type": "text/plain" });
    res.end(port.ready ? "" : port.message);
    return true;
  }
  const body = spec?.body ?? { service: target.serviceId, revision: revisionId(target.revision), image };
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(spec?.status ?? 200, { "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json" });
  res.end(text);
  return true;
}
