import { isAbsolute } from "node:path";
import * as core from "@actions/core";
import type { Logger, SourceLocation } from "../shared/runtime.js";

// Annotations need paths relative to the repository root to land on the file in the diff.
const relative = (file: string) => {
  const workspace = process.env.GITHUB_WORKSPACE;
  return workspace && isAbsolute(file) && file.startsWith(`${workspace}/`) ? file.slice(workspace.length + 1) : file;
};

const properties = (where?: SourceLocation): core.AnnotationProperties | undefined =>
  where?.file ? { file: relative(where.file), startLine: where.line, startColumn: where.column, title: where.field } : undefined;

// GitHub's log viewer does not nest groups: a group opened inside another becomes a plain,
// indented title line, and what it logs is indented under it.
let depth = 0;
const indent = () => "  ".repeat(Math.max(0, depth - 1));

/** A plan line starting with "! " is a warning: it becomes an annotation, not a plain line. */
const WARNING_LINE = /^\s*! (.*)$/;

function info(message: string): void {
  const plain: string[] = [];
  const flush = () => {
    if (plain.length)
      core.info(
        plain
          .splice(0)
          .map((l) => (l ? indent() + l : l))
          .join("\n"),
      );
  };
  for (const line of message.split("\n")) {
    const warning = WARNING_LINE.exec(line);
    if (!warning) {
      plain.push(line);
      continue;
    }
    flush();
    core.warning(warning[1] as string);
  }
  flush();
}

async function group<T>(title: string, run: () => Promise<T>): Promise<T> {
  depth++;
  try {
    if (depth === 1) return await core.group(title, run);
    core.info(`${"  ".repeat(depth - 2)}▸ ${title}`);
    return await run();
  } finally {
    depth--;
  }
}

/** Logs through the runner: flat groups, annotations on the file and line at fault, masked secrets. */
export const actionsLogger: Logger = {
  info,
  warn: (message, where) => core.warning(message, properties(where)),
  error: (message, where) => core.error(message, properties(where)),
  group,
  secret: (value) => core.setSecret(value),
  // The Actions log cannot redraw a line: a wait logs a line every PROGRESS_EVERY_MS.
  progress: (message) => core.info(indent() + message),
};
