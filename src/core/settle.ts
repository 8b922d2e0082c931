// While Cloud Run reconciles a change, a service's traffic_statuses, latest_ready_revision and
// terminal condition are transient (service.proto, `reconciling`): a plan made from them could
// write back the traffic the change is replacing. So a deploy or a preview reads the service
// once it has settled, waiting a bounded time for a change in flight (another tool's, or a run
// that was cancelled mid-operation) to finish, and refuses if it does not.
import { getService, type RunDeps, type Service } from "../gcp/cloudrun.js";
import { RefusalError } from "../shared/errors.js";

const SETTLE_MS = 120_000;
const POLL_MS = 2_000;

/** The service as Cloud Run has settled it; undefined when it does not exist. */
export async function settledService(deps: RunDeps, name: string, what: string): Promise<Service | undefined> {
  let service = await getService(deps, name);
  for (let waited = 0; service?.reconciling; waited += POLL_MS) {
    if (waited >= SETTLE_MS)
      throw new RefusalError(
        `${name} is still reconciling a change after ${SETTLE_MS / 1000} s (another deploy, or one cancelled mid-operation); ${what} once it has finished`,
      );
    if (waited === 0) deps.logger.info(`  Cloud Run is reconciling a change to ${name}; waiting for it to settle before planning`);
    await deps.clock.sleep(POLL_MS);
    service = await getService(deps, name);
  }
  return service;
}
