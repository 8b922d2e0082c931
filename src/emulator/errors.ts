// Canonical google.rpc error codes with their HTTP mapping (google/rpc/code.proto).
import { Code, type CodeName } from "../shared/rpc-code.js";

export { Code, type CodeName };

const HTTP_STATUS: Record<CodeName, number> = {
  OK: 200,
  CANCELLED: 499,
  UNKNOWN: 500,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400,
  ABORTED: 409,
  OUT_OF_RANGE: 400,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DATA_LOSS: 500,
  UNAUTHENTICATED: 401,
};

export function isCodeName(value: unknown): value is CodeName {
  return typeof value === "string" && value in Code;
}

/** An error the API returns to its caller, as opposed to a bug in the emulator. */
export class ApiError extends Error {
  constructor(
    readonly code: CodeName,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }

  get numericCode(): number {
    return Code[this.code];
  }
}

export const invalid = (field: string, problem: string) => new ApiError("INVALID_ARGUMENT", `${field}: ${problem}`, field);
export const notFound = (what: string) => new ApiError("NOT_FOUND", `${what} not found.`);
export const alreadyExists = (what: string) => new ApiError("ALREADY_EXISTS", `${what} already exists.`);
export const failedPrecondition = (message: string) => new ApiError("FAILED_PRECONDITION", message);
