// npm run bench: runs every benchmark and rewrites docs/benchmarks.md with the figures.
import { emulatorBench } from "./bench/emulator.js";
import { writeReport } from "./bench/report.js";

const sections = [await emulatorBench()];
process.stdout.write(writeReport(sections));
