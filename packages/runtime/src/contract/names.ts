/**
 * Block names as environment names. A block `order-files` publishes `WISSEL_ORDER_FILES_<KEY>`; the
 * mapping must be one to one, so only names that map cleanly are accepted: lower-case letters and
 * digits in words joined by single hyphens, starting with a letter (which also makes `<name>-binding`
 * a valid Kubernetes object name).
 */
import { ContractError, shown } from "./errors";

/** The version of the environment contract this package writes and reads. */
export const CONTRACT_VERSION = "1";
/** The variable that carries it. */
export const CONTRACT_VERSION_VARIABLE = "WISSEL_CONTRACT_VERSION";

/** Longest block name: `<name>-binding` must fit a DNS label (63). */
export const MAX_BINDING_NAME = 55;
const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const NAME_RULE = `must be lower-case letters and digits in words joined by single hyphens, starting with a letter, at most ${MAX_BINDING_NAME} characters (it becomes WISSEL_<NAME>_<KEY>)`;

/** `order-files` → `ORDER_FILES`; throws a ContractError naming the value, the rule and the fix. */
export function envName(blockName: string, subject = `block "${blockName}"`): string {
  if (!NAME_PATTERN.test(blockName) || blockName.length > MAX_BINDING_NAME) {
    const suggestion = suggestName(blockName);
    throw new ContractError([
      {
        subject,
        field: "name",
        shown: shown(blockName, false),
        rule: NAME_RULE,
        fix:
          suggestion !== undefined
            ? `Rename the block to "${suggestion}" (add an alias to keep its URN).`
            : "Rename the block (add an alias to keep its URN).",
      },
    ]);
  }
  return blockName.toUpperCase().replace(/-/g, "_");
}

/** The prefix of one block's variables: `WISSEL_ORDER_FILES_`. */
export function envPrefix(blockName: string, subject?: string): string {
  return `WISSEL_${envName(blockName, subject)}_`;
}

/** A name close to the one given that follows the rule, if one exists. */
export function suggestName(blockName: string): string | undefined {
  const candidate = blockName
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "")
    .slice(0, MAX_BINDING_NAME)
    .replace(/-+$/, "");
  return NAME_PATTERN.test(candidate) ? candidate : undefined;
}
