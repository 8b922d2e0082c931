// One table per command: node:util parseArgs reads its options (through args.ts) and the help
// renderer prints the same table, so an option cannot be accepted without being documented or
// documented without being accepted. Data only: main.ts loads it on every start.

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  default?: string | boolean;
  /** The placeholder shown in the usage and help, e.g. NAME. */
  value?: string;
  required?: boolean;
  /** The only values accepted, e.g. text|json. */
  choices?: readonly string[];
  description: string;
}

export interface CommandSpec {
  /** The words after `runway`, e.g. "deploy" or "scheduler sync". */
  name: string;
  summary: string;
  /** A longer paragraph, when the summary is not enough. */
  description?: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  exitCodes: Record<number, string>;
}

export interface CommandGroup {
  name: string;
  summary: string;
  subcommands: Record<string, CommandSpec>;
}

export type CommandEntry = CommandSpec | CommandGroup;

export function isGroup(entry: CommandEntry): entry is CommandGroup {
  return "subcommands" in entry;
}

/** Exit codes shared by the commands that act on an environment. */
export const EXIT_CODES: Record<number, string> = {
  0: "done",
  1: "the command ran and failed (a check, a rollout, a refusal, an API that could not be reached, no credentials)",
  2: "bad usage or configuration (an unknown flag, a missing one, an invalid environment file)",
};

const FORMAT: OptionSpec = {
  type: "string",
  default: "text",
  value: "FORMAT",
  choices: ["text", "json"],
  description: "text: a summary; json: the machine-readable result on stdout (logs stay on stderr)",
};
const CONFIG_DIR: OptionSpec = {
  type: "string",
  default: "environments",
  value: "DIR",
  description: "the directory holding the environment files (<env>.yaml)",
};
const DRY_RUN: OptionSpec = { type: "boolean", default: false, description: "show the plan, change nothing" };
const ENV: OptionSpec = {
  type: "string",
  required: true,
  value: "NAME",
  description: "the environment: the file <config-dir>/<NAME>.yaml",
};
const IMAGE: OptionSpec = {
  type: "string",
  required: true,
  value: "IMAGE",
  description: "the container image, by digest (repo/app@sha256:…) where the environment requires it",
};
const COMMIT: OptionSpec = {
  type: "string",
  required: true,
  value: "REV",
  description: "the commit the image was built from: a sha, or any git revision (HEAD, a branch, a tag) resolved in the current directory",
};
const REASON: OptionSpec = { type: "string", value: "TEXT", description: "why, recorded with the release" };

/** The migration gate's options, shared by deploy and promote. */
const GATE = {
  "project-dir": { type: "string", value: "DIR", description: "the Django project (with manage.py): turns the migration gate on" },
  allow: { type: "string", default: "", value: "RULES", description: "approve gate rules or categories, comma- or space-separated" },
  python: { type: "string", value: "PATH", description: "the Python interpreter that runs the gate (default: a venv Runway builds)" },
} as const satisfies Record<string, OptionSpec>;

export const DEPLOY: CommandSpec = {
  name: "deploy",
  summary: "plan and roll out a release to an environment",
  description:
    "Deploys the image to the environment's Cloud Run service through its rollout steps, with its checks, migration job, batch jobs and schedules.",
  options: { env: ENV, image: IMAGE, commit: COMMIT, "dry-run": DRY_RUN, format: FORMAT, "config-dir": CONFIG_DIR, ...GATE },
  examples: [
    "runway deploy --env dev --image europe-docker.pkg.dev/p/app/web@sha256:… --commit HEAD",
    "runway deploy --env dev --image my/app:1 --commit $(git rev-parse HEAD) --dry-run",
  ],
  exitCodes: EXIT_CODES,
};

export const PROMOTE: CommandSpec = {
  name: "promote",
  summary: "move the release live in the previous environment to the next",
  options: {
    to: {
      type: "string",
      required: true,
      value: "NAME",
      description: "the environment to promote into (its `promote-from` names the source)",
    },
    release: { type: "string", value: "ID", description: "the release to promote (default: the one live in the source)" },
    reason: REASON,
    "dry-run": DRY_RUN,
    format: FORMAT,
    "config-dir": CONFIG_DIR,
    ...GATE,
  },
  examples: ["runway promote --to qa", "runway promote --to prod --reason 'weekly release' --dry-run"],
  exitCodes: EXIT_CODES,
};

export const ROLLBACK: CommandSpec = {
  name: "rollback",
  summary: "put the previous release back, in one step",
  options: {
    env: ENV,
    to: { type: "string", value: "REVISION|RELEASE", description: "what to put back (default: the previous release)" },
    reason: REASON,
    force: {
      type: "boolean",
      default: false,
      description: "roll back even when the old code cannot use the current schema (a migration blocker)",
    },
    "migrate-back": {
      type: "boolean",
      default: false,
      description: "when migrations block the rollback and all are reversible, reverse them first",
    },
    "dry-run": DRY_RUN,
    format: FORMAT,
    "config-dir": CONFIG_DIR,
  },
  examples: ["runway rollback --env prod", "runway rollback --env prod --to web-prod-00042-abc --reason 'bad release'"],
  exitCodes: EXIT_CODES,
};

const PR: OptionSpec = { type: "string", required: true, value: "N", description: "the pull request number" };
const PREVIEW_ENV: OptionSpec = { type: "string", default: "dev", value: "NAME", description: "the environment the preview runs beside" };

export const PREVIEW: CommandGroup = {
  name: "preview",
  summary: "deploy or clean up a pull request's preview",
  subcommands: {
    deploy: {
      name: "preview deploy",
      summary: "deploy a pull request's image as a tagged preview revision",
      options: { pr: PR, image: IMAGE, commit: COMMIT, env: PREVIEW_ENV, format: FORMAT, "config-dir": CONFIG_DIR },
      examples: ["runway preview deploy --pr 42 --image my/app@sha256:… --commit HEAD"],
      exitCodes: EXIT_CODES,
    },
    cleanup: {
      name: "preview cleanup",
      summary: "remove a pull request's preview",
      options: { pr: PR, env: PREVIEW_ENV, format: FORMAT, "config-dir": CONFIG_DIR },
      examples: ["runway preview cleanup --pr 42"],
      exitCodes: EXIT_CODES,
    },
  },
};

const scheduler = (verb: string, summary: string, prune: boolean): CommandSpec => ({
  name: `scheduler ${verb}`,
  summary,
  options: {
    env: ENV,
    "dry-run": DRY_RUN,
    ...(prune
      ? {
          prune: {
            type: "boolean",
            default: false,
            description: "also delete jobs Runway made that the environment no longer declares",
          } as OptionSpec,
        }
      : {}),
    format: FORMAT,
    "config-dir": CONFIG_DIR,
  },
  examples: [`runway scheduler ${verb} --env prod${verb === "sync" ? " --prune --dry-run" : ""}`],
  exitCodes: EXIT_CODES,
});

export const SCHEDULER: CommandGroup = {
  name: "scheduler",
  summary: "sync, pause or resume an environment's Cloud Scheduler jobs",
  subcommands: {
    sync: scheduler("sync", "make the Cloud Scheduler jobs match the environment file", true),
    pause: scheduler("pause", "pause every Cloud Scheduler job of the environment", false),
    resume: scheduler("resume", "resume every Cloud Scheduler job of the environment", false),
  },
};

export const MIGRATIONS: CommandGroup = {
  name: "migrations",
  summary: "check new migrations against an environment's policy",
  subcommands: {
    check: {
      name: "migrations check",
      summary: "check the migrations new since the base against an environment's policy",
      options: {
        env: ENV,
        candidate: {
          type: "string",
          required: true,
          value: "REV",
          description: "the commit to check: a sha or any git revision (HEAD, a branch)",
        },
        base: { type: "string", value: "REV", description: "the commit to compare with (default: the release live in the environment)" },
        "project-dir": {
          type: "string",
          default: ".",
          value: "DIR",
          description: "the Django project (with manage.py), inside a git checkout",
        },
        format: FORMAT,
        allow: GATE.allow,
        python: GATE.python,
        settings: { type: "string", value: "MODULE", description: "DJANGO_SETTINGS_MODULE for the SQL pass" },
        "no-sql": { type: "boolean", default: false, description: "skip the SQL pass (sqlmigrate), check the migration files only" },
        "config-dir": CONFIG_DIR,
      },
      examples: [
        "runway migrations check --env prod --candidate HEAD --project-dir app",
        "runway migrations check --env prod --candidate HEAD --base origin/main --format json",
      ],
      exitCodes: {
        0: "allow: the migrations may go to this environment",
        1: "block: a rule refused them (see the report)",
        2: "bad usage or configuration",
      },
    },
  },
};

export const EMULATOR: CommandSpec = {
  name: "emulator",
  summary: "run the local Cloud Run + Cloud Scheduler emulator",
  description:
    'Prints one JSON line when ready ({"grpc":"host:port","http":"http://host:port"}) and runs until interrupted. Point Runway at it with RUNWAY_EMULATOR_HOST.',
  options: {
    host: { type: "string", default: "127.0.0.1", value: "HOST", description: "the address to bind" },
    "grpc-port": { type: "string", default: "0", value: "N", description: "the gRPC port (0: a free one)" },
    "http-port": { type: "string", default: "0", value: "N", description: "the HTTP/JSON (REST) port (0: a free one)" },
    state: { type: "string", value: "FILE", description: "keep the emulator's state in this file across restarts" },
  },
  examples: ["runway emulator --grpc-port 8085 --http-port 8086 --state .emulator.json"],
  exitCodes: { 0: "stopped by a signal", 1: "could not start", 2: "bad usage (e.g. a port out of range)" },
};

export const STATUS: CommandSpec = {
  name: "status",
  summary: "what is live in each environment",
  options: {
    env: { type: "string", value: "NAME", description: "only this environment (default: every file in --config-dir)" },
    format: FORMAT,
    "config-dir": CONFIG_DIR,
  },
  examples: ["runway status", "RUNWAY_EMULATOR_HOST=127.0.0.1:8085 runway status --env dev --format json"],
  exitCodes: EXIT_CODES,
};

export const IMPORT: CommandSpec = {
  name: "import",
  summary: "write an environment file from a service deployed by hand (adopt it)",
  options: {
    env: ENV,
    service: { type: "string", required: true, value: "NAME", description: "the service's full name: projects/P/locations/R/services/S" },
    "config-dir": CONFIG_DIR,
    force: { type: "boolean", default: false, description: "overwrite an existing environment file" },
    "dry-run": { type: "boolean", default: false, description: "print the file, write nothing" },
    format: FORMAT,
  },
  examples: ["runway import --env prod --service projects/acme/locations/europe-west1/services/web"],
  exitCodes: EXIT_CODES,
};

export const DEMO: CommandSpec = {
  name: "demo",
  summary: "tell the story on the embedded emulator",
  description:
    "Runs the sample Django app from a pull-request preview to production and back on an embedded emulator: no Google Cloud project needed. Needs Python 3 and the PostgreSQL server binaries.",
  options: {},
  examples: ["runway demo"],
  exitCodes: { 0: "the story ran", 1: "a step failed (the message says which)" },
};

/** Every command, in the order `runway --help` lists them. */
export const COMMAND_SPECS: Record<string, CommandEntry> = {
  deploy: DEPLOY,
  promote: PROMOTE,
  rollback: ROLLBACK,
  preview: PREVIEW,
  scheduler: SCHEDULER,
  migrations: MIGRATIONS,
  emulator: EMULATOR,
  status: STATUS,
  import: IMPORT,
  demo: DEMO,
};
