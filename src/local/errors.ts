import { UserError } from "../shared/errors.js";

/**
 * Raised when the local toolchain (python3, pip, PostgreSQL) is missing or
 * broken. Kept distinct from deploy errors so callers can tell "fix your
 * machine" apart from "fix your app".
 */
export class LocalSetupError extends UserError {
  constructor(message: string) {
    super(message, "setup");
    this.name = "LocalSetupError";
  }
}
