// Turns REST input into the canonical proto3 JSON form, rejecting what Google's JSON
// front end rejects: unknown field names and values of the wrong JSON type.
import protobuf from "protobufjs";
import { fromProto3JSON, toProto3JSON } from "proto3-json-serializer";
import { ApiError } from "./errors.js";
import { dropDefaults, type Json, type JsonValue } from "./proto.js";

const SCALAR_NUMBER = /^(?:u?int|s?int|s?fixed|fixed)(?:32|64)$|^(?:float|double)$/;
const WELL_KNOWN_STRING = new Set([".google.protobuf.Timestamp", ".google.protobuf.Duration", ".google.protobuf.FieldMask"]);

const payloadError = (message: string, field?: string) =>
  new ApiError("INVALID_ARGUMENT", `Invalid JSON payload received. ${message}`, field);

function fieldByJsonName(type: protobuf.Type, key: string): protobuf.Field | undefined {
  return type.fields[key] ?? type.fieldsArray.find((f) => f.name === key || toSnake(f.name) === key);
}

const toSnake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function checkValue(field: protobuf.Field, value: JsonValue, path: string): JsonValue {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    if (
      resolved.fullName === ".google.protobuf.Any" ||
      (resolved.fullName.startsWith(".google.protobuf.") && !WELL_KNOWN_STRING.has(resolved.fullName))
    )
      return value;
    if (WELL_KNOWN_STRING.has(resolved.fullName)) {
      if (typeof value !== "string") throw payloadError(`Invalid value at '${path}' (${resolved.name}), ${JSON.stringify(value)}`, path);
      // proto3 JSON writes a FieldMask's paths in lowerCamelCase (`timeZone`); the JSON front end
      // turns them back into proto field names before the service sees them. Snake case passes.
      if (resolved.fullName === ".google.protobuf.FieldMask")
        return value
          .split(",")
          .map((p) => p.split(".").map(toSnake).join("."))
          .join(",");
      return value;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw payloadError(
        `Invalid value at '${path}' (type.googleapis.com/${resolved.fullName.slice(1)}), ${JSON.stringify(value)?.slice(0, 80)}`,
        path,
      );
    }
    return normaliseObject(resolved, value, path);
  }
  if (resolved instanceof protobuf.Enum) {
    if (
      typeof value === "number" ? !Object.values(resolved.values).includes(value) : typeof value !== "string" || !(value in resolved.values)
    ) {
      throw payloadError(`Invalid value at '${path}' (type.googleapis.com/${resolved.fullName.slice(1)}), ${JSON.stringify(value)}`, path);
    }
    return value;
  }
  const ok =
    field.type === "string" || field.type === "bytes"
      ? typeof value === "string"
      : field.type === "bool"
        ? typeof value === "boolean"
        : SCALAR_NUMBER.test(field.type)
          ? (typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value))
          : true;
  if (!ok) throw payloadError(`Invalid value at '${path}' (${field.type}), ${JSON.stringify(value)?.slice(0, 80)}`, path);
  return value;
}

function normaliseObject(type: protobuf.Type, input: Json, prefix: string): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(input)) {
    const field = fieldByJsonName(type, key);
    const path = prefix ? `${prefix}.${key}` : key;
    if (!field) throw payloadError(`Unknown name "${key}"${prefix ? ` at '${prefix}'` : ""}: Cannot find field.`, path);
    if (value === null) continue;
    field.resolve();
    if (field.map) {
      if (typeof value !== "object" || Array.isArray(value)) throw payloadError(`Invalid value at '${path}', expected a map`, path);
      out[field.name] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, checkValue(field, v, `${path}[${k}]`)]));
    } else if (field.repeated) {
      if (!Array.isArray(value)) throw payloadError(`Invalid value at '${path}', expected a list`, path);
      out[field.name] = value.map((v, i) => checkValue(field, v, `${path}[${i}]`));
    } else {
      out[field.name] = checkValue(field, value, path);
    }
  }
  return out;
}

/** Validates REST JSON against the message type and returns it in canonical form. */
export function canonicalFromRest(type: protobuf.Type, input: Json): Json {
  const checked = normaliseObject(type, input, "");
  try {
    const message = fromProto3JSON(type, checked);
    return message ? dropDefaults(type, toProto3JSON(message) as Json) : {};
  } catch (error) {
    throw payloadError((error as Error).message.replace(/^fromProto3JSONToInternalRepresentation: /, ""));
  }
}

/** Re-encodes a canonical response with numeric enums, as `$alt=json;enum-encoding=int` asks. */
export function withNumericEnums(type: protobuf.Type, json: Json): Json {
  const message = fromProto3JSON(type, json);
  return message ? (toProto3JSON(message, { numericEnums: true }) as Json) : json;
}

/** Sets a dotted field path (from a URL template or a query parameter) on a request object. */
export function setPath(target: Json, type: protobuf.Type, dotted: string, raw: string): void {
  const parts = dotted.split(".");
  let node = target;
  let nodeType: protobuf.Type = type;
  parts.forEach((part, index) => {
    const field = fieldByJsonName(nodeType, part);
    // Google's JSON front end refuses a parameter that names no request field, with this text.
    if (!field)
      throw payloadError(
        `Unknown name "${dotted}": Cannot bind query parameter. Field '${dotted}' could not be found in request message.`,
        dotted,
      );
    field.resolve();
    if (index === parts.length - 1) {
      const value = coerce(field, raw);
      if (field.repeated) node[field.name] = [...((node[field.name] as JsonValue[]) ?? []), value];
      else node[field.name] = value;
      return;
    }
    if (!(field.resolvedType instanceof protobuf.Type)) throw payloadError(`"${dotted}" is not a message field.`, dotted);
    node[field.name] ??= {};
    node = node[field.name] as Json;
    nodeType = field.resolvedType;
  });
}

function coerce(field: protobuf.Field, raw: string): JsonValue {
  // The clients send `$alt=json;enum-encoding=int`, so an enum query parameter arrives as its number.
  if (field.resolvedType instanceof protobuf.Enum && /^\d+$/.test(raw)) return Number(raw);
  if (field.type === "bool") {
    if (raw !== "true" && raw !== "false") throw payloadError(`Invalid value for bool field "${field.name}": "${raw}"`, field.name);
    return raw === "true";
  }
  if (SCALAR_NUMBER.test(field.type) && /^(?:u?int|s?int|s?fixed|fixed)32$/.test(field.type)) {
    if (!/^-?\d+$/.test(raw)) throw payloadError(`Invalid value for int field "${field.name}": "${raw}"`, field.name);
    return Number(raw);
  }
  return raw;
}
