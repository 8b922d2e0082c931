// Builds a message with a value in every field a caller can set, by walking the proto descriptors
// that ship with @google-cloud/run. Tests use it to prove that a field survives a round trip
// (through the emulator, or through Runway) without anyone listing fields by hand: a field Google
// adds to the API is filled, and checked, the day the client package is upgraded.
//
// The result is a plain camelCase object in the shape the Node client takes (protobufjs
// `fromObject`): Durations and Timestamps are `{ seconds }` objects, enums are names, 64-bit
// integers are strings. Values are valid per type but not per rule: patch what a test's
// validation needs (image, ports, mount names...) after filling.
import { createRequire } from "node:module";
import protobuf from "protobufjs";

const require = createRequire(import.meta.url);
const root = protobuf.Root.fromJSON(require("@google-cloud/run/build/protos/protos.json") as protobuf.INamespace);
root.resolveAll();

const RUN = "google.cloud.run.v2";

export type Filled = Record<string, unknown>;

export interface FillOptions {
  /** Also fill OUTPUT_ONLY fields (a caller cannot set them; off by default). */
  outputOnly?: boolean;
  /** Also fill IDENTIFIER fields such as Service.name (taken from the request instead; off by default). */
  identifier?: boolean;
  /** Which member of a oneof to fill, by oneof name (e.g. `{ volumeType: "gcs" }`); default its first member. */
  oneofs?: Record<string, string>;
}

/** The type's descriptor; a short name is looked up in google.cloud.run.v2. */
export function protoType(typeName: string): protobuf.Type {
  return root.lookupType(typeName.startsWith("google.") ? typeName : `${RUN}.${typeName}`);
}

const behaviour = (field: protobuf.Field) => field.options?.["(google.api.field_behavior)"] as string | undefined;

/** The fields of a type that a caller sets: what fillMessage fills with the same options. */
export function inputFields(typeName: string, options: FillOptions = {}): protobuf.Field[] {
  return protoType(typeName).fieldsArray.filter((field) => {
    if (behaviour(field) === "OUTPUT_ONLY" && !options.outputOnly) return false;
    if (behaviour(field) === "IDENTIFIER" && !options.identifier) return false;
    // A real oneof gets one member; proto3 `optional` fields sit in synthetic oneofs named `_field`.
    const oneof = field.partOf;
    if (!oneof || oneof.name.startsWith("_")) return true;
    const chosen = options.oneofs?.[oneof.name] ?? oneof.fieldsArray[0]?.name;
    return field.name === chosen;
  });
}

/** A value in every settable field of `typeName` (e.g. "Service", "RevisionTemplate", "google.cloud.run.v2.Job"). */
export function fillMessage(typeName: string, options: FillOptions = {}): Filled {
  return fill(protoType(typeName), options, []);
}

function fill(type: protobuf.Type, options: FillOptions, stack: string[]): Filled {
  const out: Filled = {};
  for (const field of inputFields(type.fullName.slice(1), options)) {
    // A message that contains itself (google.protobuf.Struct) would never end; leave the cycle out.
    if (field.resolvedType && stack.includes(field.resolvedType.fullName)) continue;
    const value = () => scalarOrMessage(field, options, [...stack, type.fullName]);
    if (field instanceof protobuf.MapField) out[field.name] = { [mapKey(field)]: value() };
    else if (field.repeated) out[field.name] = [value()];
    else out[field.name] = value();
  }
  return out;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

// Lowercase letters, digits and '-': valid as a label, a DNS label and most names the API checks.
function mapKey(field: protobuf.MapField): string {
  if (field.keyType === "string") return `${kebab(field.name)}-key`;
  return field.keyType === "bool" ? "true" : "1";
}

function scalarOrMessage(field: protobuf.Field, options: FillOptions, stack: string[]): unknown {
  const resolved = field.resolvedType;
  // The first value after the zero one: proto3 drops zero values, so they would not be seen to survive.
  if (resolved instanceof protobuf.Enum) return Object.keys(resolved.values).find((name) => resolved.values[name] !== 0);
  if (resolved instanceof protobuf.Type) return wellKnown(resolved.fullName) ?? fill(resolved, options, stack);
  switch (field.type) {
    case "string":
      return `${kebab(field.name)}-1`;
    case "bool":
      return true;
    case "bytes":
      return Buffer.from("filled").toString("base64");
    case "double":
    case "float":
      return 1.5;
    default:
      // 64-bit integers are strings in proto3 JSON; protobufjs takes them as such too.
      return /64$/.test(field.type) ? "1" : 1;
  }
}

function wellKnown(fullName: string): unknown {
  if (fullName === ".google.protobuf.Duration") return { seconds: 1 };
  if (fullName === ".google.protobuf.Timestamp") return { seconds: 1_700_000_000 };
  return undefined;
}
