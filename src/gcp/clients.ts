import { ExecutionsClient, JobsClient, RevisionsClient, ServicesClient } from "@google-cloud/run";
import { CloudSchedulerClient } from "@google-cloud/scheduler";
import { type ClientOptions, GoogleAuth, googleAuthLibrary, grpc } from "google-gax";

export interface GcpClients {
  services: ServicesClient;
  revisions: RevisionsClient;
  jobs: JobsClient;
  executions: ExecutionsClient;
  scheduler: CloudSchedulerClient;
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
    : { ...common, fallback: true, protocol: "http" } as ClientOptions;
}

/**
 * The official clients. With RUNWAY_EMULATOR_HOST=host:port (gRPC) they talk to the emulator,
 * the way PUBSUB_EMULATOR_HOST works; otherwise Application Default Credentials are used.
 * Each client is built on first use: building one loads its API's protos, which is most of an
 * action's start-up time, and a deploy needs two of the five.
 */
export function createClients(options: { emulatorHost?: string; transport?: Transport } = {}): GcpClients {
  const host = options.emulatorHost ?? process.env.RUNWAY_EMULATOR_HOST;
  const opts: ClientOptions = host ? emulatorOptions(host, options.transport) : {};
  const made = new Map<string, { close(): Promise<void> }>();
  const lazy = <T extends { close(): Promise<void> }>(key: string, make: () => T) => () => {
    if (!made.has(key)) made.set(key, make());
    return made.get(key) as T;
  };
  const services = lazy("services", () => new ServicesClient(opts));
  const revisions = lazy("revisions", () => new RevisionsClient(opts));
  const jobs = lazy("jobs", () => new JobsClient(opts));
  const executions = lazy("executions", () => new ExecutionsClient(opts));
  const scheduler = lazy("scheduler", () => new CloudSchedulerClient(opts));
  return {
    get services() {
      return services();
    },
    get revisions() {
      return revisions();
    },
    get jobs() {
      return jobs();
    },
    get executions() {
      return executions();
    },
    get scheduler() {
      return scheduler();
    },
    async close() {
      await Promise.all([...made.values()].map((c) => c.close()));
    },
  };
}
