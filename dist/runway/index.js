#!/usr/bin/env node
import { createRequire as __runwayRequire } from 'node:module'; import { fileURLToPath as __runwayPath } from 'node:url'; const require = __runwayRequire(import.meta.url); const __filename = __runwayPath(import.meta.url); const __dirname = __runwayPath(new URL('.', import.meta.url));
import{a,b as i}from"../chunks/chunk-UEMIN3QE.js";import{a as o}from"../chunks/chunk-NVX4RI35.js";var l={emulator:o(async e=>(await import("../chunks/emulator-ER5C7TV2.js")).emulatorCommand(e),"emulator"),deploy:o(async e=>(await import("../chunks/deploy-C4DTVGZ4.js")).deployCli(e),"deploy"),status:o(async e=>(await import("../chunks/status-HAY4YVNB.js")).statusCli(e),"status"),import:o(async e=>(await import("../chunks/import-IRUJQNK4.js")).importCli(e),"import"),promote:o(async e=>(await import("../chunks/promote-FNA35I6Z.js")).promoteCli(e),"promote"),rollback:o(async e=>(await import("../chunks/promote-FNA35I6Z.js")).rollbackCli(e),"rollback"),preview:o(async e=>(await import("../chunks/preview-B2Y5YEWM.js")).previewCli(e),"preview"),scheduler:o(async e=>(await import("../chunks/scheduler-5UTOHGVO.js")).schedulerCli(e),"scheduler"),migrations:o(async e=>(await import("../chunks/migrations-Z5OKDX5K.js")).migrationsCli(e),"migrations"),demo:o(async()=>(await import("../chunks/story-ZEPTKRGA.js")).demo(),"demo")},s=`usage: runway <command> [options]

commands:
  deploy     plan and roll out a release to an environment
  promote    move the release live in the previous environment to the next
  rollback   put the previous release back, in one step
  preview    deploy or clean up a pull request's preview
  scheduler  sync, pause or resume an environment's Cloud Scheduler jobs
  migrations check new migrations against an environment's policy (exit 0 allow, 1 block)
  emulator   run the local Cloud Run + Cloud Scheduler emulator
  status     what is live in each environment
  import     write an environment file from a service deployed by hand (adopt it)
  demo       tell the story on the embedded emulator
`;async function m(e){let[n,...r]=e,t=n?l[n]:void 0;return t?t(r):(process.stderr.write(n&&n!=="--help"?`runway: unknown command ${JSON.stringify(n)}
${s}`:s),n&&n!=="--help"?2:0)}o(m,"main");m(process.argv.slice(2)).then(e=>{process.exitCode=e},e=>{let n=e.code,r=["CommandFailure","StepError","DeployFailure"].includes(e.name),t=e instanceof a||e instanceof i||r||typeof n=="string"&&n.startsWith("ERR_PARSE_ARGS");process.stderr.write(`runway: ${t?e.message:e.stack}
`),process.exitCode=t?2:1});
