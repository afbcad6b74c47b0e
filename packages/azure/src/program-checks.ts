/** Checks of `wissel:azure` against the whole program, once it has declared its blocks. */
import { configPath, validation, type Issue, type ProgramBlocks } from "@wissel/core";
import type { AzureSettings } from "./settings";

/**
 * A `postgresAppPasswords` key that names no PostgresDatabase the program builds on Azure: a
 * misspelt key would otherwise sit unused while the database it meant fails for want of a password.
 * A warning, not an error: one stack file may serve a program that builds fewer databases.
 */
export function programWarnings(settings: AzureSettings, program: ProgramBlocks): Issue[] {
  const databases = program.names("postgres");
  return Object.keys(settings.postgresAppPasswords)
    .filter((name) => !databases.has(name))
    .sort()
    .map((name): Issue => {
      const guess = validation.closest(name, [...databases]);
      return {
        subject: "stack config",
        field: configPath("wissel:azure", ["postgresAppPasswords", name]),
        value: undefined,
        rule: `names no PostgresDatabase this program builds on Azure${databases.size > 0 ? ` (the program's: ${[...databases].sort().join(", ")})` : ""}, so its password goes unused`,
        fix:
          guess !== undefined
            ? `Did you mean postgresAppPasswords.${guess}? Move the password there (\`pulumi config rm --path '${configPath("wissel:azure", ["postgresAppPasswords", name])}'\`, then set it under the right name).`
            : `Remove it: \`pulumi config rm --path '${configPath("wissel:azure", ["postgresAppPasswords", name])}'\`.`,
        secret: true,
      };
    });
}
