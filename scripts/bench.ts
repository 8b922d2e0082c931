// npm run bench: runs every benchmark and rewrites docs/benchmarks.md with the figures.
import { deployBench } from "./bench/deploy.js";
import { emulatorBench } from "./bench/emulator.js";
import { migrationsBench } from "./bench/migrations.js";
import { rollbackBench } from "./bench/rollback.js";
import { schedulerBench } from "./bench/scheduler.js";
import { writeReport } from "./bench/report.js";

const sections = [await emulatorBench(), await deployBench(), await rollbackBench(), await schedulerBench(), await migrationsBench()];
process.stdout.write(writeReport(sections));
