import { grpc } from "google-gax";
import { ApiError } from "./errors.js";
import { decode, encode, type Json, messageType, packAny } from "./proto.js";
import type { MethodDef, Registry } from "./registry.js";

const identity = (value: Buffer) => value;
const statusType = messageType("google.rpc.Status");

function toServiceError(error: unknown): Partial<grpc.ServiceError> {
  const api = error instanceof ApiError ? error : new ApiError("INTERNAL", `Internal emulator error: ${(error as Error).message}`);
  const metadata = new grpc.Metadata();
  const details = api.field
    ? [packAny("google.rpc.BadRequest", { fieldViolations: [{ field: api.field, description: api.message }] })]
    : [];
  metadata.set("grpc-status-details-bin", Buffer.from(encode(statusType, { code: api.numericCode, message: api.message, details })));
  return { code: api.numericCode, details: api.message, metadata };
}

// Reads dominate (status polls, benchmarks); proto3-JSON-to-binary is the costly step, so
// encodings are cached by content: the key is the JSON text, so a stale hit is impossible.
const encoded = new Map<string, Buffer>();
function encodeCached(def: MethodDef, response: Json): Buffer {
  const key = `${def.responseType.fullName}${JSON.stringify(response)}`;
  let bytes = encoded.get(key);
  if (!bytes) {
    bytes = Buffer.from(encode(def.responseType, response));
    if (encoded.size >= 512) encoded.delete(encoded.keys().next().value as string);
    encoded.set(key, bytes);
  }
  return bytes;
}

function unaryHandler(registry: Registry, def: MethodDef): grpc.handleUnaryCall<Buffer, Buffer> {
  return (call, callback) => {
    let request: ReturnType<typeof decode>;
    try {
      request = decode(def.requestType, call.request);
    } catch (error) {
      callback(toServiceError(new ApiError("INVALID_ARGUMENT", `Malformed ${def.requestType.name}: ${(error as Error).message}`)));
      return;
    }
    registry.call(def, request, "grpc").then(
      (response) => callback(null, encodeCached(def, response)),
      (error) => callback(toServiceError(error)),
    );
  };
}

/** Serves every registered method over gRPC (insecure, loopback). */
export async function startGrpc(registry: Registry, host: string, port: number): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  const byService = new Map<string, MethodDef[]>();
  for (const def of registry.methods.values()) {
    const service = def.fullName.split("/")[0] as string;
    byService.set(service, [...(byService.get(service) ?? []), def]);
  }
  for (const [service, defs] of byService) {
    const definition: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {};
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const def of defs) {
      const name = def.fullName.split("/")[1] as string;
      definition[name] = {
        path: `/${service}/${name}`,
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      };
      implementation[name] = unaryHandler(registry, def);
    }
    server.addService(definition, implementation);
  }
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, actual) =>
      error ? reject(error) : resolve(actual),
    ),
  );
  return { server, port: bound };
}
