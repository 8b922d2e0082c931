#!/usr/bin/env node
import { createRequire as __runwayRequire } from 'node:module'; import { fileURLToPath as __runwayPath } from 'node:url'; const require = __runwayRequire(import.meta.url); const __filename = __runwayPath(import.meta.url); const __dirname = __runwayPath(new URL('.', import.meta.url));
import{a,b as s}from"../chunks/chunk-UEMIN3QE.js";import{a as n}from"../chunks/chunk-NVX4RI35.js";var l={emulator:n(async e=>(await import("../chunks/emulator-VIEZWGMS.js")).emulatorCommand(e),"emulator"),deploy:n(async e=>(await import("../chunks/deploy-WJGIJIHR.js")).deployCli(e),"deploy"),status:n(async e=>(await import("../chunks/status-EYB4OBAX.js")).statusCli(e),"status"),promote:n(async e=>(await import("../chunks/promote-TR3AAMLF.js")).promoteCli(e),"promote"),rollback:n(async e=>(await import("../chunks/promote-TR3AAMLF.js")).rollbackCli(e),"rollback"),preview:n(async e=>(await import("../chunks/preview-EA3Q3AW4.js")).previewCli(e),"preview"),scheduler:n(async e=>(await import("../chunks/scheduler-2JLIZWQJ.js")).schedulerCli(e),"scheduler"),migrations:n(async e=>(await import("../chunks/migrations-MU764FEC.js")).migrationsCli(e),"migrations"),demo:n(async()=>(await import("../chunks/story-VEIJWHLA.js")).demo(),"demo")},i=`usage: runway <command> [options]

commands:
  deploy     plan and roll out a release to an environment
  promote    move the release live in the previous environment to the next
  rollback   put the previous release back, in one step
  preview    deploy or clean up a pull request's preview
  scheduler  sync, pause or resume an environment's Cloud Scheduler jobs
  migrations check new migrations against an environment's policy (exit 0 allow, 1 block)
  emulator   run the local Cloud Run + Cloud Scheduler emulator
  status     what is live in each environment
  demo       tell the story on the embedded emulator
`;async function m(e){let[o,...r]=e,t=o?l[o]:void 0;return t?t(r):(process.stderr.write(o&&o!=="--help"?`runway: unknown command ${JSON.stringify(o)}
${i}`:i),o&&o!=="--help"?2:0)}n(m,"main");m(process.argv.slice(2)).then(e=>{process.exitCode=e},e=>{let o=e.code,r=["CommandFailure","StepError","DeployFailure"].includes(e.name),t=e instanceof a||e instanceof s||r||typeof o=="string"&&o.startsWith("ERR_PARSE_ARGS");process.stderr.write(`runway: ${t?e.message:e.stack}
`),process.exitCode=t?2:1});
