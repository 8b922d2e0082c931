// Loads the service definitions that ship inside the official client packages, so the
// emulator serves exactly the API surface the clients were generated from.
import { createRequire } from "node:module";
import protobuf from "protobufjs";
import { fromProto3JSON, toProto3JSON } from "proto3-json-serializer";

export type Json = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | Json;

const require = createRequire(import.meta.url);

type Descriptor = { nested?: Record<string, Descriptor> } & Record<string, unknown>;

// The packages each bundle their own copy of the shared google.* definitions; merge them
// namespace by namespace and keep the first copy of any leaf.
function merge(into: Descriptor, from: Descriptor): void {
  for (const [name, child] of Object.entries(from.nested ?? {})) {
    into.nested ??= {};
    const existing = into.nested[name];
    if (!existing) into.nested[name] = structuredClone(child);
    else if (existing.nested && child.nested && !existing.fields && !existing.methods) merge(existing, child);
  }
}

// google.rpc.BadRequest (google/rpc/error_details.proto) is not bundled by either client;
// the emulator attaches it to INVALID_ARGUMENT errors the way Google's front ends do.
const BAD_REQUEST: Descriptor = {
  nested: {
    google: {
      nested: {
        rpc: {
          nested: {
            BadRequest: {
              fields: { fieldViolations: { rule: "repeated", type: "FieldViolation", id: 1 } },
              nested: {
                FieldViolation: {
                  fields: { field: { type: "string", id: 1 }, description: { type: "string", id: 2 } },
                },
              },
            },
          },
        },
      },
    },
  },
};

function loadRoot(): protobuf.Root {
  const descriptor: Descriptor = {};
  for (const file of [
    "@google-cloud/run/build/protos/protos.json",
    "@google-cloud/scheduler/build/protos/protos.json",
    "@google-cloud/monitoring/build/protos/protos.json",
  ]) {
    merge(descriptor, require(file) as Descriptor);
  }
  merge(descriptor, BAD_REQUEST);
  const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
  root.resolveAll();
  return root;
}

export const root = loadRoot();

export function messageType(name: string): protobuf.Type {
  return root.lookupType(name);
}

/** The canonical in-memory form of every message is its proto3 JSON mapping. */
export function decode(type: protobuf.Type, bytes: Uint8Array): Json {
  return dropDefaults(type, toProto3JSON(type.decode(bytes)) as Json);
}

function isDefault(field: protobuf.Field, value: JsonValue): boolean {
  if (field.repeated || field.map) return Array.isArray(value) ? value.length === 0 : Object.keys(value as Json).length === 0;
  if (field.options?.proto3_optional || field.partOf) return false;
  if (field.resolvedType instanceof protobuf.Enum) return field.resolvedType.values[String(value)] === 0 || value === 0;
  if (field.resolvedType) return false;
  return value === "" || value === 0 || value === "0" || value === false;
}

/**
 * Drops proto3 default values of fields without explicit presence. Clients echo every field
 * back (empty strings, UNSPECIFIED enums); without this, an unchanged template would compare
 * unequal to the one it was read from.
 */
export function dropDefaults(type: protobuf.Type, json: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key];
    if (!field || value === null) continue;
    if (isDefault(field, value)) continue;
    const nested =
      field.resolvedType instanceof protobuf.Type && !field.resolvedType.fullName.startsWith(".google.protobuf.")
        ? field.resolvedType
        : undefined;
    if (!nested) out[key] = value;
    else if (field.map) out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, dropDefaults(nested, v as Json)]));
    else if (field.repeated) out[key] = (value as Json[]).map((v) => dropDefaults(nested, v));
    else out[key] = dropDefaults(nested, value as Json);
  }
  return out;
}

export function encode(type: protobuf.Type, json: Json): Uint8Array {
  const message = fromProto3JSON(type, json);
  if (!message) throw new Error(`cannot encode ${type.fullName}`);
  return type.encode(message).finish();
}

/** Packs a message as google.protobuf.Any in proto3 JSON form. */
export function packAny(typeName: string, json: Json): Json {
  return { "@type": `type.googleapis.com/${typeName}`, ...json };
}
