/**
 * The two ways `wissel plan` refuses to start: a malformed command line (exit 2) and a project or stack
 * file it cannot use (exit 1). Both carry a message the user can act on; neither prints a stack trace.
 */

/** The command line is malformed: unknown command or flag, missing argument. Exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The project directory, `Pulumi.yaml` or the stack file cannot be used. Exit code 1. */
export class SetupError extends Error {
  override readonly name = "SetupError";
}
