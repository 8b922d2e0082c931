// The Python that checks Runway's Django helper: the Django fixture's requirements (the helper's
// tests run Django) plus the tools in src/django/requirements-dev.txt (ruff, mypy), installed into
// one venv cached under ~/.cache/runway and keyed by both lists. The fixture's requirements file is
// used as it is: the venv of the other tests (and of `runway demo`) stays the fixture's alone.
import { fileURLToPath } from "node:url";
import { ensureVenv, type Venv } from "../../src/local/python.js";

export const FIXTURE_REQUIREMENTS = fileURLToPath(new URL("../fixtures/django-app/requirements.txt", import.meta.url));
export const DEV_REQUIREMENTS = fileURLToPath(new URL("../../src/django/requirements-dev.txt", import.meta.url));

export function toolsVenv(log?: (msg: string) => void): Promise<Venv> {
  return ensureVenv({ requirementsFile: FIXTURE_REQUIREMENTS, extraRequirements: [DEV_REQUIREMENTS], log });
}
