import { isAbsolute } from "node:path";
import * as core from "@actions/core";
import type { Logger, SourceLocation } from "../core/runtime.js";

// Annotations need paths relative to the repository root to land on the file in the diff.
const relative = (file: string) => {
  const workspace = process.env.GITHUB_WORKSPACE;
  return workspace && isAbsolute(file) && file.startsWith(`${workspace}/`) ? file.slice(workspace.length + 1) : file;
};

const properties = (where?: SourceLocation): core.AnnotationProperties | undefined =>
  where?.file ? { file: relative(where.file), startLine: where.line, startColumn: where.column, title: where.field } : undefined;

/** Logs through the runner: groups, annotations on the file and line at fault, masked secrets. */
export const actionsLogger: Logger = {
  info: (message) => core.info(message),
  warn: (message, where) => core.warning(message, properties(where)),
  error: (message, where) => core.error(message, properties(where)),
  group: (title, run) => core.group(title, run),
  secret: (value) => core.setSecret(value),
};
