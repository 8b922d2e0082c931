// Smoke checks: an HTTP GET against a revision's URL, with a status, an optional body match,
// a timeout and retries. They run against the tag URL before traffic moves and at each step.
import type { Clock, Logger } from "../shared/runtime.js";
import type { SmokeCheck } from "./config/types.js";

export interface CheckResult {
  name: string;
  url: string;
  ok: boolean;
  status?: number;
  attempts: number;
  ms: number;
  problem?: string;
}

export interface CheckDeps {
  fetch: typeof fetch;
  clock: Clock;
  logger: Logger;
  /** Pause between attempts; the first retry waits this long, later ones twice as long each. */
  retryDelayMs?: number;
}

async function attempt(url: string, spec: SmokeCheck, fetcher: typeof fetch): Promise<{ status?: number; problem?: string }> {
  try {
    const response = await fetcher(url, { signal: AbortSignal.timeout(spec.timeoutMs), redirect: "manual" });
    const body = await response.text();
    if (response.status !== spec.expectStatus)
      return { status: response.status, problem: `status ${response.status}, expected ${spec.expectStatus}` };
    if (spec.bodyMatch && !new RegExp(spec.bodyMatch).test(body)) {
      return { status: response.status, problem: `body does not match /${spec.bodyMatch}/: ${JSON.stringify(body.slice(0, 120))}` };
    }
    return { status: response.status };
  } catch (error) {
    const name = (error as Error).name;
    return {
      problem: name === "TimeoutError" || name === "AbortError" ? `no answer within ${spec.timeoutMs} ms` : (error as Error).message,
    };
  }
}

export async function runCheck(baseUrl: string, spec: SmokeCheck, deps: CheckDeps): Promise<CheckResult> {
  // Joined as text, not with new URL(): the emulator's URLs carry a path prefix to keep.
  const target = `${baseUrl.replace(/\/$/, "")}${spec.path}`;
  const started = deps.clock.now().getTime();
  let last: { status?: number; problem?: string } = {};
  let delay = deps.retryDelayMs ?? 1000;
  for (let n = 1; n <= spec.retries + 1; n++) {
    last = await attempt(target, spec, deps.fetch);
    if (!last.problem)
      return { name: spec.name, url: target, ok: true, status: last.status, attempts: n, ms: deps.clock.now().getTime() - started };
    if (n <= spec.retries) {
      deps.logger.info(`  check ${spec.name}: ${last.problem}; retrying in ${delay} ms`);
      await deps.clock.sleep(delay);
      delay *= 2;
    }
  }
  return {
    name: spec.name,
    url: target,
    ok: false,
    status: last.status,
    attempts: spec.retries + 1,
    ms: deps.clock.now().getTime() - started,
    problem: last.problem,
  };
}

export async function runChecks(baseUrl: string, specs: SmokeCheck[], deps: CheckDeps): Promise<CheckResult[]> {
  const results = await Promise.all(specs.map((spec) => runCheck(baseUrl, spec, deps)));
  for (const r of results) deps.logger.info(`  ${r.ok ? "✓" : "✗"} ${r.name} ${r.url} ${r.ok ? `${r.status} in ${r.ms} ms` : r.problem}`);
  return results;
}
