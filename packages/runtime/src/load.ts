/**
 * Loads an optional peer dependency on first use, so an application installs and loads only the SDK
 * of the protocol its binding names. A missing package fails with the install command.
 */
import { ContractError } from "./contract/errors";

export function loadPeer<T>(
  packageName: string,
  subject: string,
  why: string,
  alsoInstall: readonly string[] = [],
): T {
  try {
    return require(packageName) as T;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== "MODULE_NOT_FOUND" || !String((error as Error).message).includes(packageName))
      throw error;
    const packages = [packageName, ...alsoInstall].join(" ");
    throw new ContractError([
      {
        subject,
        field: packageName,
        shown: undefined,
        received: "it is not installed",
        rule: `must be installed: ${why}`,
        fix: `Run \`npm install ${packages}\` (an optional peer dependency of @wissel/runtime).`,
      },
    ]);
  }
}
