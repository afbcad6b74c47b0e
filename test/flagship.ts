/** The flagship stack's config as `wissel plan` passes it: secure values replaced, objects as JSON text. */
import * as path from "node:path";
import { readProject, readStack } from "@wissel/cli";

export const FLAGSHIP = path.resolve(__dirname, "../stacks/team-workspace");

/** Every config key of one of the flagship's stack files, as a program receives it offline. */
export function flagshipConfig(vendor: string): Record<string, string> {
  return { ...readStack(readProject(FLAGSHIP), vendor).config };
}

/** The `wissel:<target>` settings of the flagship's stack file for a target. */
export function flagshipSettings(target: string): unknown {
  const raw = flagshipConfig(target)[`wissel:${target}`];
  if (raw === undefined) throw new Error(`Pulumi.${target}.yaml has no wissel:${target}`);
  return JSON.parse(raw) as unknown;
}
