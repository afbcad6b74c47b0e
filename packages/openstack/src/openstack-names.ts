/**
 * OpenStack names and ids as the stack writes them, and how messages quote the commands that set
 * them: shared by every section of `wissel:openstack`.
 */
import { configSetCommand, setting, v } from "@wissel/core";
import { OPENSTACK_KEY } from "./vendor";

/** OpenStack names and ids: printable, no spaces at the ends, at most 255 characters. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,254}$/;
const NAME_RULE =
  "must be an OpenStack name or id: letters, digits, spaces, '.', '_', ':', '/' and '-', at most 255 characters";

/** Whether a value is an OpenStack name or id as the stack may write one (see `NAME`). */
export function isOpenStackName(value: unknown): value is string {
  return typeof value === "string" && NAME.test(value) && value.trim() === value;
}

/** A command as messages quote it: in backticks. */
export function code(command: string): string {
  return `\`${command}\``;
}

/** The `pulumi config set` command for one path under `wissel:openstack`, in backticks. */
export function setCommand(path: readonly (string | number)[], value: string): string {
  return configSetCommand(OPENSTACK_KEY, path, value, { code: true });
}

/** An OpenStack name or id; the fix runs the setting's command with `purpose` to say where to find it. */
export function openStackName(what: string, example: string, purpose: string, rule = NAME_RULE) {
  return setting(
    v.pipe(
      v.string(rule),
      v.check((value: string) => isOpenStackName(value), rule),
    ),
    {
      what,
      example,
      fix: ({ command }) => `Run ${code(command())} with ${purpose}.`,
    },
  );
}
