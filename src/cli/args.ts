// Parsing and help, both read from the command's table in specs.ts.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { distance } from "../core/config/distance.js";
import { ConfigurationError } from "../shared/errors.js";
import { type CommandEntry, type CommandGroup, type CommandSpec, COMMAND_SPECS, isGroup, type OptionSpec } from "./specs.js";

export type Values = Record<string, string | boolean | undefined>;

/** The closest of the candidates, when one is within an edit distance of 2 (or a prefix). */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const scored = candidates.map((candidate) => ({ candidate, d: distance(word, candidate) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  if (best && best.d <= Math.min(2, Math.max(1, Math.floor(word.length / 2)))) return best.candidate;
  return word.length >= 3 ? candidates.find((c) => c.startsWith(word)) : undefined;
}

function didYouMean(word: string, candidates: readonly string[], prefix = ""): string {
  const close = suggest(word, candidates);
  return close ? ` (did you mean ${prefix}${close}?)` : "";
}

const seeHelp = (spec: CommandSpec) => `\n${usageLine(spec)}\nrun \`runway ${spec.name} --help\` for every option`;

function usageError(spec: CommandSpec, message: string, field: string): ConfigurationError {
  return new ConfigurationError(`${spec.name}: ${message}${seeHelp(spec)}`, { field });
}

const flag = (name: string, option: OptionSpec) => (option.type === "boolean" ? `--${name}` : `--${name} ${option.value ?? "VALUE"}`);

export function usageLine(spec: CommandSpec): string {
  const required = Object.entries(spec.options).filter(([, o]) => o.required);
  const optional = Object.keys(spec.options).length > required.length;
  return ["usage: runway", spec.name, ...required.map(([name, o]) => flag(name, o)), ...(optional ? ["[options]"] : [])].join(" ");
}

/**
 * Parses a command's arguments against its table: an unknown flag (with a suggestion), a flag
 * without its value, a stray argument, a missing required flag and a value outside the choices
 * are each one ConfigurationError naming the flag.
 */
export function parseCommand(spec: CommandSpec, argv: string[]): Values {
  const options: ParseArgsConfig["options"] = {};
  for (const [name, o] of Object.entries(spec.options)) {
    options[name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.default !== undefined ? { default: o.default } : {}),
    } as never;
  }
  const known = Object.keys(spec.options);
  const parsed = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of parsed.tokens ?? []) {
    if (token.kind === "positional") throw usageError(spec, `unexpected argument ${JSON.stringify(token.value)}`, "arguments");
    if (token.kind !== "option") continue;
    const option = spec.options[token.name];
    if (!option) throw usageError(spec, `unknown option ${token.rawName}${didYouMean(token.name, known, "--")}`, token.name);
    if (
      option.type === "string" &&
      (token.value === undefined ||
        (token.inlineValue !== true &&
          /^--?[a-z]/i.test(token.value) &&
          known.includes(token.value.replace(/^--?/, "").split("=")[0] as string)))
    ) {
      throw usageError(spec, `--${token.name} needs a value: ${flag(token.name, option)}`, token.name);
    }
    if (option.type === "boolean" && token.inlineValue)
      throw usageError(spec, `--${token.name} takes no value (got ${JSON.stringify(token.value)})`, token.name);
  }
  const values = parsed.values as Values;
  for (const [name, o] of Object.entries(spec.options)) {
    if (Array.isArray(values[name])) throw usageError(spec, `--${name} was given more than once`, name);
    const value = values[name];
    if (o.required && (value === undefined || value === ""))
      throw usageError(spec, `--${name} is required: ${flag(name, o)} (${o.description})`, name);
    if (o.choices && typeof value === "string" && !o.choices.includes(value)) {
      throw usageError(
        spec,
        `--${name} must be ${o.choices.join(" or ")}, got ${JSON.stringify(value)}${didYouMean(value, o.choices)}`,
        name,
      );
    }
  }
  return values;
}

function table(rows: [string, string][]): string[] {
  const width = Math.min(32, Math.max(...rows.map(([left]) => left.length)) + 2);
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${left.length >= width ? `\n  ${" ".repeat(width)}` : ""}${right}`);
}

export function renderHelp(spec: CommandSpec): string {
  const rows: [string, string][] = Object.entries(spec.options).map(([name, o]) => {
    const left = `${o.short ? `-${o.short}, ` : ""}${o.choices ? `--${name} ${o.choices.join("|")}` : flag(name, o)}`;
    const note = o.required
      ? " (required)"
      : o.default !== undefined && o.default !== ""
        ? ` (default: ${o.default})`
        : o.type === "boolean"
          ? " (default: off)"
          : "";
    return [left, `${o.description}${note}`];
  });
  rows.push(["-h, --help", "show this help"]);
  return [
    `runway ${spec.name}: ${spec.summary}`,
    "",
    usageLine(spec),
    ...(spec.description ? ["", spec.description] : []),
    "",
    "options:",
    ...table(rows),
    "",
    `example${spec.examples.length > 1 ? "s" : ""}:`,
    ...spec.examples.map((e) => `  ${e}`),
    "",
    "exit codes:",
    ...Object.entries(spec.exitCodes).map(([code, meaning]) => `  ${code}  ${meaning}`),
    "",
  ].join("\n");
}

export function renderGroupHelp(group: CommandGroup): string {
  const subs = Object.values(group.subcommands);
  return [
    `runway ${group.name}: ${group.summary}`,
    "",
    `usage: runway ${group.name} ${Object.keys(group.subcommands).join("|")} [options]`,
    "",
    "subcommands:",
    ...table(subs.map((s) => [s.name.split(" ")[1] as string, s.summary])),
    "",
    "examples:",
    ...subs.map((s) => `  ${s.examples[0]}`),
    "",
    `run \`runway ${group.name} <subcommand> --help\` for its options and exit codes`,
    "",
  ].join("\n");
}

export function renderTopHelp(): string {
  return [
    "runway: deploy a Django app to Google Cloud Run, from pull request to production and back",
    "",
    "usage: runway <command> [options]",
    "       runway help <command>     (or: runway <command> --help)",
    "",
    "commands:",
    ...table(
      Object.entries(COMMAND_SPECS).map(([name, entry]) => [
        isGroup(entry) ? `${name} ${Object.keys(entry.subcommands).join("|")}` : name,
        entry.summary,
      ]),
    ),
    "",
    "environment:",
    ...table([
      ["RUNWAY_EMULATOR_HOST", "talk to the emulator (host:port for gRPC, http://host:port for REST) instead of Google Cloud"],
      ["RUNWAY_TRANSPORT", "grpc or rest (default: grpc, or as the emulator address says)"],
      ["GITHUB_TOKEN", "with GITHUB_REPOSITORY: mirror deployments and read pull request labels"],
      ["RUNWAY_DEBUG=1", "print the stack of an unexpected error"],
    ]),
    "",
    "Outside the emulator, Google Cloud is reached with Application Default Credentials:",
    "`gcloud auth application-default login` on your machine, Workload Identity Federation in GitHub Actions.",
    "",
    "examples:",
    "  runway demo",
    "  runway deploy --env dev --image my/app@sha256:… --commit HEAD --dry-run",
    "  runway help deploy",
    "",
    "exit codes: 0 done, 1 failed, 2 bad usage or configuration (each command's help has its own)",
    "",
  ].join("\n");
}

/** The help for `runway help <words…>` or `runway <words…> --help`, or a usage error. */
export function helpFor(words: string[]): string {
  const [name, sub] = words;
  if (!name) return renderTopHelp();
  const entry = findCommand(name);
  if (!isGroup(entry) || sub === undefined || sub.startsWith("-")) return isGroup(entry) ? renderGroupHelp(entry) : renderHelp(entry);
  return renderHelp(findSubcommand(entry, sub));
}

export function findCommand(name: string): CommandEntry {
  const entry = Object.hasOwn(COMMAND_SPECS, name) ? COMMAND_SPECS[name] : undefined;
  if (entry) return entry;
  throw new ConfigurationError(
    `unknown command ${JSON.stringify(name)}${didYouMean(name, Object.keys(COMMAND_SPECS), "runway ")}\nrun \`runway --help\` for the list of commands`,
    { field: "command" },
  );
}

export function findSubcommand(group: CommandGroup, sub: string | undefined): CommandSpec {
  const names = Object.keys(group.subcommands);
  const spec = sub !== undefined && Object.hasOwn(group.subcommands, sub) ? group.subcommands[sub] : undefined;
  if (spec) return spec;
  const what =
    sub === undefined || sub.startsWith("-")
      ? `needs a subcommand: ${names.join(", ")}`
      : `unknown subcommand ${JSON.stringify(sub)}${didYouMean(sub, names, `runway ${group.name} `)}; expected ${names.join(", ")}`;
  throw new ConfigurationError(
    `${group.name}: ${what}\nusage: runway ${group.name} ${names.join("|")} [options]\nrun \`runway ${group.name} --help\` for more`,
    { field: "subcommand" },
  );
}

/** A usage mistake outside any one command's table. */
export function usage(message: string): ConfigurationError {
  return new ConfigurationError(message, { field: "command" });
}

/**
 * For the commands that parse their own arguments (emulator, status): node's own parse error
 * re-told from the command's table, with the suggestion. Returns the original when the table
 * finds nothing wrong.
 */
export function explainParseError(error: unknown, words: string[]): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS")) return error;
  const [name, sub] = words;
  const entry = name && Object.hasOwn(COMMAND_SPECS, name) ? COMMAND_SPECS[name] : undefined;
  if (!entry) return error;
  try {
    if (isGroup(entry)) parseCommand(findSubcommand(entry, sub), words.slice(2));
    else parseCommand(entry, words.slice(1));
  } catch (better) {
    return better;
  }
  return error;
}
