/**
 * Optional peer dependencies: packages an adapter uses for some blocks only (the Kubernetes SDK for a
 * vendor's Namespace or CloudNativePG database), so a program that never builds those blocks does not
 * install them. The adapter loads them on first use through `loadOptionalPeer`; when one is missing,
 * the program fails with what needs it and the command that installs it, not a bare MODULE_NOT_FOUND.
 */

/** What needs the optional packages, for the message when they are missing. */
export interface OptionalPeerUse {
  /** The package that needs them: `@wissel/scaleway`. */
  readonly adapter: string;
  /** What the program asked for that needs them: `a Namespace`. */
  readonly purpose: string;
  /** Every optional peer that purpose needs, so one install command brings them all. */
  readonly packages: readonly string[];
}

/** Thrown when an optional peer a block needs is not installed. */
export class MissingPeerError extends Error {
  readonly missing: string;

  constructor(missing: string, use: OptionalPeerUse) {
    const list = use.packages.join(" ");
    super(
      `${use.adapter} needs ${missing} to build ${use.purpose}, and it is not installed in this project. ` +
        `Install it next to ${use.adapter}: \`npm install ${list}\` (or \`pnpm add ${list}\`).`,
    );
    this.name = "MissingPeerError";
    this.missing = missing;
  }
}

/** Whether a require failed because this very package is absent (not a module inside it). */
function isMissingPackage(error: unknown, name: string): boolean {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND")
    return false;
  const wanted = /Cannot find module '([^']+)'/.exec(error.message)?.[1];
  return wanted !== undefined && (wanted === name || wanted.startsWith(`${name}/`));
}

/**
 * Runs `load` (a `require` in the adapter's own module, so it resolves from the adapter) and turns a
 * missing optional peer into a `MissingPeerError`. Any other error, such as one inside the package,
 * propagates unchanged.
 */
export function loadOptionalPeer<T>(load: () => T, use: OptionalPeerUse): T {
  try {
    return load();
  } catch (error) {
    const missing = use.packages.find((name) => isMissingPackage(error, name));
    if (missing === undefined) throw error;
    throw new MissingPeerError(missing, use);
  }
}

/**
 * The loader of one optional peer of an adapter, for the adapter to call wherever a block needs it:
 * `load` is a `require` in the adapter's own module (so it resolves from the adapter), and each call
 * names what needs the peer, for the message when it is missing.
 */
export function optionalPeer<T>(
  adapter: string,
  packages: readonly string[],
  load: () => T,
): (purpose: string) => T {
  return (purpose) => loadOptionalPeer(load, { adapter, purpose, packages });
}
