// Migration execution as an operation of the fault matrix, over both transports, with real
// Django (the shared venv) migrating a real PostgreSQL through the emulator's migration job.
//
// One venv, one PostgreSQL and one baseline for all groups (migration-fixture.ts): every
// scenario restores the emulator snapshot and the template databases, so none pays for a
// baseline deploy. The groups are one test file, not one each, because vitest gives every file
// its own worker and fixture: split into three files, they started PostgreSQL and built the
// baseline three times, and on a 2-core runner (one worker, so files run one after another) the
// default run took ~19 s longer (82 s against 63 s, the mean of three runs each).
//
// Five groups, each with its own figures:
//   execution — a dev deploy whose release carries a migration, with a fault on each call the
//               migration step makes, armed at the phase that makes it (migration-execution-faults.ts);
//   gate      — faults before and inside the migration gate: nothing is written (migration-gate-faults.ts);
//   promote   — a promotion whose release carries a migration, with a migration that fails for
//               real and with faults on the migration job (migration-promote-faults.ts);
//   migrate-back — a rollback past a dropped column, run backwards through the job, with a fault
//               on the job, the resume or the shift after it (migration-back-faults.ts);
//   re-run while running — the polls of the job's operation fail, the execution goes on, and the
//               re-run must not start a second migration beside it (migration-promote-faults.ts).
// After each: an error names its step, traffic and the ledger are untouched in the target, no
// managed schedule is paused (or, after a persistent Scheduler outage during the resume, only
// the ones Runway marked, which the re-run resumes), and with the faults cleared a re-run applies
// the migration and converges (checkInvariants, whose third run writes nothing).
//
// The default run takes a subset that still covers both transports, every call kind, both codes
// and the pause and resume paths; RUNWAY_RELIABILITY_FULL=1 runs every combination.
import { migrateBackFaults } from "./migration-back-faults.js";
import { executionFaults } from "./migration-execution-faults.js";
import { useMigrationFixture } from "./migration-fixture.js";
import { gateFaults } from "./migration-gate-faults.js";
import { promoteFaults, rerunWhileRunning } from "./migration-promote-faults.js";
import { useTally } from "./migration-verdicts.js";

const m = useMigrationFixture();
const messages = useTally([
  "migration-faults/state",
  "migration-faults/untouched",
  "migration-faults/step",
  "migration-faults/retry",
  "migration-faults/paused",
  "migration-gate",
  "migration-promote",
  "migration-back",
  "migration-faults/rerun-while-running",
]);

executionFaults(m, messages);
gateFaults(m, messages);
promoteFaults(m, messages);
migrateBackFaults(m, messages);
rerunWhileRunning(m, messages);
