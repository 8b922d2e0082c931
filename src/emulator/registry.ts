import type protobuf from "protobufjs";
import { ApiError } from "./errors.js";
import { type Fault, FaultTable } from "./faults.js";
import { bindingsFromOptions, type CompiledBinding, compile, type HttpBinding } from "./http-rule.js";
import { type Json, root } from "./proto.js";

export type Transport = "grpc" | "rest";

export interface CallContext {
  method: string;
  transport: Transport;
  /** Set when a fault asks the operation started by this call to fail. */
  operationFault?: Fault;
}

export type Handler = (request: Json, ctx: CallContext) => Json | Promise<Json>;

export interface MethodDef {
  fullName: string;
  requestType: protobuf.Type;
  responseType: protobuf.Type;
  bindings: CompiledBinding[];
  mutating: boolean;
  handler: Handler;
}

export interface CallRecord {
  time: string;
  method: string;
  transport: Transport;
  resource?: string;
  mutating: boolean;
  validateOnly?: boolean;
  code: string;
}

// The clients poll operations under /v2/ (see services_client.js httpRules); the
// proto's own /v1/operations bindings are for other APIs.
const OPERATION_BINDINGS: Record<string, HttpBinding[]> = {
  GetOperation: [{ verb: "GET", template: "/v2/{name=projects/*/locations/*/operations/*}" }],
  ListOperations: [{ verb: "GET", template: "/v2/{name=projects/*/locations/*}/operations" }],
  DeleteOperation: [{ verb: "DELETE", template: "/v2/{name=projects/*/locations/*/operations/*}" }],
  WaitOperation: [{ verb: "POST", template: "/v2/{name=projects/*/locations/*/operations/*}:wait", body: "*" }],
};

function resourceOf(request: Json): string | undefined {
  for (const key of ["name", "parent"]) if (typeof request[key] === "string") return request[key] as string;
  for (const value of Object.values(request)) {
    if (value && typeof value === "object" && !Array.isArray(value) && typeof value.name === "string") return value.name;
  }
  return undefined;
}

export class Registry {
  readonly methods = new Map<string, MethodDef>();
  readonly faults = new FaultTable();
  readonly calls: CallRecord[] = [];

  constructor(private readonly now: () => Date) {}

  /**
   * Registers handlers for the named service. Every method of the proto must be handled, or be
   * listed in `notServed` with the reason it is left out; a method missing from both is a bug.
   */
  serve(serviceName: string, handlers: Record<string, Handler>, notServed: Record<string, string> = {}): void {
    const service = root.lookupService(serviceName);
    for (const method of Object.values(service.methods)) {
      method.resolve();
      const handler = handlers[method.name];
      if (!handler && notServed[method.name]) continue;
      if (!handler) throw new Error(`${serviceName}/${method.name} has no handler and is not listed as not served`);
      const bindings =
        OPERATION_BINDINGS[method.name] && serviceName === "google.longrunning.Operations"
          ? (OPERATION_BINDINGS[method.name] as HttpBinding[])
          : bindingsFromOptions(method.parsedOptions as unknown[]);
      this.methods.set(`${serviceName}/${method.name}`, {
        fullName: `${serviceName}/${method.name}`,
        requestType: method.resolvedRequestType as protobuf.Type,
        responseType: method.resolvedResponseType as protobuf.Type,
        bindings: bindings.map(compile),
        mutating: bindings.some((b) => b.verb !== "GET") && !["WaitOperation"].includes(method.name),
        handler,
      });
    }
  }

  /** Runs one call through the fault table, the handler and the call log. */
  async call(def: MethodDef, request: Json, transport: Transport): Promise<Json> {
    const resource = resourceOf(request);
    const record: CallRecord = {
      time: this.now().toISOString(),
      method: def.fullName,
      transport,
      resource,
      mutating: def.mutating && request.validateOnly !== true,
      code: "OK",
    };
    if (request.validateOnly === true) record.validateOnly = true;
    this.calls.push(record);
    const ctx: CallContext = { method: def.fullName, transport };
    try {
      const fault = this.faults.take(def.fullName, resource);
      if (fault?.hold) await this.faults.hold();
      if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault?.code) throw new ApiError(fault.code, fault.message ?? `Injected fault: ${fault.code}`);
      if (fault?.failOperation) ctx.operationFault = fault;
      return await def.handler(request, ctx);
    } catch (error) {
      record.code = error instanceof ApiError ? error.code : "INTERNAL";
      throw error;
    }
  }
}
