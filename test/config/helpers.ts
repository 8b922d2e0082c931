import { expect } from "vitest";
import type { ConfigIssue } from "../../src/shared/errors.js";
import { ConfigurationError } from "../../src/shared/errors.js";

/** A valid minimal environment: five lines, so that appended text starts on line 6. */
export const BASE = `name: prod
project: demo-project
region: asia-northeast3
service:
  name: web
`;

/** The ConfigurationError that `run` throws. */
export function thrown(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error("expected a ConfigurationError, got none");
}

export async function rejected(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

export function issuesOf(error: ConfigurationError): readonly ConfigIssue[] {
  return error.issues ?? [];
}
