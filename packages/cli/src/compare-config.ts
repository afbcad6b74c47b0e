/**
 * The config `wissel compare` plans each target with: the base stack's config (or the project's own
 * defaults without `--stack`), with `wissel:target` swapped, `wissel:targets` dropped so that every
 * block is tried on the target, and the adapter's settings (`wissel:<target>`) taken from that
 * target's own stack file when the project has one. Building it is pure; finding the files is not.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { KNOWN_TARGETS } from "@wissel/core";
import {
  existingStacks,
  parseStackFile,
  readStack,
  stackConfigDir,
  stackFilePath,
  type Project,
  type StackConfig,
} from "./project";

/** Where a target's adapter settings came from. */
export interface SettingsSource {
  /** The stack file read, or null when no stack file configures this target. */
  readonly file: string | null;
  /** The `wissel:<target>` value as the engine passes it (JSON text), when the file sets it. */
  readonly settings: string | undefined;
  /** True when that value holds a `secure:` value (replaced by the placeholder). */
  readonly secret: boolean;
}

/** The config of one target, ready for `runPlan`'s `stackConfig`. */
export function targetConfig(
  base: StackConfig,
  target: string,
  source: SettingsSource,
): StackConfig {
  const settingsKey = `wissel:${target}`;
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(base.config)) {
    if (key === "wissel:targets" || key === "wissel:target") continue;
    if (key === settingsKey && source.settings !== undefined) continue;
    config[key] = value;
  }
  config["wissel:target"] = target;
  if (source.settings !== undefined) config[settingsKey] = source.settings;
  const replaced = source.settings !== undefined;
  const secretKeys = base.secretKeys.filter(
    (key) => key !== "wissel:targets" && !(replaced && key === settingsKey),
  );
  if (replaced && source.secret) secretKeys.push(settingsKey);
  const sorted = Object.fromEntries(Object.entries(config).sort(([a], [b]) => a.localeCompare(b)));
  return {
    file: source.file ?? base.file,
    config: sorted,
    secretKeys: [...new Set(secretKeys)].sort(),
    warnings: base.warnings,
  };
}

/**
 * The base config without `--stack`: the project's own `config:` defaults, as every stack sees them.
 */
export function projectBase(project: Project): StackConfig {
  return parseStackFile("config: {}\n", project.file, project.name, project.config);
}

/**
 * The stack file that configures a target: the base stack when it targets it and sets its settings,
 * else `Pulumi.<target>.yaml`, else the first stack file (by name) whose `wissel:target` is that
 * target, else the base stack's own `wissel:<target>` (set for its `wissel:targets`).
 */
export function settingsSource(
  project: Project,
  target: string,
  base: { readonly name: string; readonly config: StackConfig } | undefined,
): SettingsSource {
  const settingsKey = `wissel:${target}`;
  const from = (stack: StackConfig): SettingsSource => ({
    file: stack.file,
    settings: stack.config[settingsKey],
    secret: stack.secretKeys.includes(settingsKey),
  });
  const baseSets = base !== undefined && base.config.config[settingsKey] !== undefined;
  if (base !== undefined && baseSets && base.config.config["wissel:target"] === target)
    return from(base.config);
  const own = stackFilePath(project, target);
  if (fs.existsSync(own)) return from(readStack(project, target));
  for (const stack of existingStacks(stackConfigDir(project))) {
    if (stack === base?.name) continue;
    const config = readStack(project, stack);
    if (config.config["wissel:target"] === target) return from(config);
  }
  // The base stack may configure a target it does not use (for its wissel:targets).
  if (base !== undefined && baseSets) return from(base.config);
  return { file: null, settings: undefined, secret: false };
}

/**
 * The known targets whose adapter package the project installed, found the way core loads an
 * adapter: `node_modules/<package>` in the project directory or one of its parents.
 */
export function installedTargets(projectDir: string): {
  installed: string[];
  missing: { target: string; packageName: string }[];
} {
  const installed: string[] = [];
  const missing: { target: string; packageName: string }[] = [];
  for (const [target, packageName] of Object.entries(KNOWN_TARGETS)) {
    if (isInstalled(projectDir, packageName)) installed.push(target);
    else missing.push({ target, packageName });
  }
  return { installed, missing };
}

function isInstalled(projectDir: string, packageName: string): boolean {
  for (let dir = path.resolve(projectDir); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "node_modules", ...packageName.split("/"), "package.json");
    if (fs.existsSync(manifest)) return true;
    if (path.dirname(dir) === dir) return false;
  }
}
