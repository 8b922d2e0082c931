// The client modules themselves, not the package index: the index also loads every other
// client and the static protobuf module (about 1.5 MB of code) that Runway never uses.
import { ExecutionsClient } from "@google-cloud/run/build/src/v2/executions_client.js";
import { JobsClient } from "@google-cloud/run/build/src/v2/jobs_client.js";
import { RevisionsClient } from "@google-cloud/run/build/src/v2/revisions_client.js";
import { ServicesClient } from "@google-cloud/run/build/src/v2/services_client.js";
import { MetricServiceClient } from "@google-cloud/monitoring/build/src/v3/metric_service_client.js";
import { CloudSchedulerClient } from "@google-cloud/scheduler/build/src/v1/cloud_scheduler_client.js";
import { type ClientOptions, GoogleAuth, googleAuthLibrary, grpc } from "google-gax";
import { ConfigurationError } from "../shared/errors.js";

export interface GcpClients {
  services: ServicesClient;
  revisions: RevisionsClient;
  jobs: JobsClient;
  executions: ExecutionsClient;
  scheduler: CloudSchedulerClient;
  monitoring: MetricServiceClient;
  close(): Promise<void>;
}

export type Transport = "grpc" | "rest";

/**
 * Options pointing an official client at the emulator. gRPC credentials must come from
 * google-gax's own grpc-js copy, and PassThroughClient keeps auth off the metadata server.
 */
export function emulatorOptions(address: string, transport: Transport = "grpc"): ClientOptions {
  const url = new URL(address.includes("://") ? address : `http://${address}`);
  const auth = new GoogleAuth({ authClient: new googleAuthLibrary.PassThroughClient() });
  const common = { apiEndpoint: url.hostname, port: Number(url.port), auth } as ClientOptions;
  return transport === "grpc"
    ? { ...common, sslCreds: grpc.credentials.createInsecure() }
    : ({ ...common, fallback: true, protocol: "http" } as ClientOptions);
}

/**
 * Which transport the official clients use. RUNWAY_TRANSPORT (grpc or rest) decides; without it
 * an emulator address picks by its form (http://host:port is the REST port, host:port the gRPC
 * one), and Google Cloud itself is reached over gRPC, the clients' own default.
 */
export function chooseTransport(host: string | undefined, setting = process.env.RUNWAY_TRANSPORT): Transport {
  if (setting) {
    if (setting !== "grpc" && setting !== "rest")
      throw new ConfigurationError(`RUNWAY_TRANSPORT: must be grpc or rest, got ${JSON.stringify(setting)}`);
    return setting;
  }
  return host && /^https?:\/\//.test(host) ? "rest" : "grpc";
}

/**
 * The official clients. With RUNWAY_EMULATOR_HOST they talk to the emulator, the way
 * PUBSUB_EMULATOR_HOST works; otherwise Application Default Credentials are used.
 * Each client is built on first use: building one loads its API's protos, which is most of an
 * action's start-up time, and a deploy needs two of the six (three with canary analysis).
 */
export function createClients(options: { emulatorHost?: string; transport?: Transport } = {}): GcpClients {
  const host = options.emulatorHost ?? process.env.RUNWAY_EMULATOR_HOST;
  const transport = options.transport ?? chooseTransport(host);
  const rest = { fallback: true } as ClientOptions;
  const opts: ClientOptions = host ? emulatorOptions(host, transport) : transport === "rest" ? rest : {};
  const made = new Map<string, { close(): Promise<void> }>();
  const lazy =
    <T extends { close(): Promise<void> }>(key: string, make: () => T) =>
    () => {
      if (!made.has(key)) made.set(key, make());
      return made.get(key) as T;
    };
  // Each client is made on first use (a getter), so a command pays only for those it calls.
  const factories: { [K in Exclude<keyof GcpClients, "close">]: () => GcpClients[K] } = {
    services: () => new ServicesClient(opts),
    revisions: () => new RevisionsClient(opts),
    jobs: () => new JobsClient(opts),
    executions: () => new ExecutionsClient(opts),
    scheduler: () => new CloudSchedulerClient(opts),
    monitoring: () => new MetricServiceClient(opts),
  };
  const clients = {
    async close() {
      await Promise.all([...made.values()].map((c) => c.close()));
    },
  } as GcpClients;
  for (const [key, make] of Object.entries(factories) as [string, () => { close(): Promise<void> }][])
    Object.defineProperty(clients, key, { get: lazy(key, make), enumerable: true });
  return clients;
}
