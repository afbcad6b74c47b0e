/**
 * What a copy step is: commands a runner executes in order, each with exactly the environment given,
 * and the non-secret files it writes first. Credentials travel only in the environment, never on a
 * command line, where `ps` and the Kubernetes API would show them.
 */

/** One process to run. */
export interface CopyCommand {
  /** What the command does, for progress and logs: `sync`, `check`, `dump`, `restore`. */
  readonly name: string;
  /** The program and its arguments. Holds no credential. */
  readonly command: readonly string[];
  /**
   * Every variable the command needs. A runner passes these and its own `PATH` and `HOME`, nothing
   * else, so no variable of the runner's (an `AWS_*` or `PG*` of its own) changes what is copied.
   */
  readonly env: Readonly<Record<string, string>>;
  /** The names of the variables in `env` whose values are secret: a runner keeps them in a Secret and never logs them. */
  readonly secretEnv: readonly string[];
}

/** A file a runner writes before the first command: CA certificates, never a secret. */
export interface CopyFile {
  readonly path: string;
  readonly contents: string;
}

/** The commands of one copy, in order, and the files they read. */
export interface CopySteps {
  readonly files: readonly CopyFile[];
  readonly commands: readonly CopyCommand[];
}

/** A copy that cannot be described from the bindings given: which copy, what is wrong, how to fix it. */
export class CopyStepError extends Error {
  override readonly name = "CopyStepError";
}

/** The names in `env` that `secret` marks, in `env`'s order. */
export function secretNames(
  env: Readonly<Record<string, string>>,
  secret: ReadonlySet<string>,
): string[] {
  return Object.keys(env).filter((key) => secret.has(key));
}
