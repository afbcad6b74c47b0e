/**
 * The stack's `wissel:*` config and each adapter's settings, parsed once per process: a program's
 * config does not change while it runs.
 */
import type { Adapter } from "./adapter";
import { readStackConfig, type StackConfig } from "./config";

const SETTINGS_KEY = Symbol.for("wissel.settings");
const CONFIG_KEY = Symbol.for("wissel.config");

interface ParsedCache {
  [SETTINGS_KEY]?: Map<Adapter, unknown>;
  [CONFIG_KEY]?: StackConfig;
}

/** Adapter settings are parsed once per process and target. */
export function parsedSettings(adapter: Adapter, raw: unknown): unknown {
  const holder = globalThis as ParsedCache;
  const cache = (holder[SETTINGS_KEY] ??= new Map());
  if (!cache.has(adapter)) cache.set(adapter, adapter.parseSettings(raw));
  return cache.get(adapter);
}

/** An adapter's settings, when a block has already parsed them in this process. */
export function settingsParsedFor(adapter: Adapter): unknown {
  return (globalThis as ParsedCache)[SETTINGS_KEY]?.get(adapter);
}

/** The stack's `wissel:*` config, parsed once per process: a program's config does not change. */
export function stackConfig(): StackConfig {
  const holder = globalThis as ParsedCache;
  return (holder[CONFIG_KEY] ??= readStackConfig());
}

/** Forgets parsed config and settings (tests that change config between cases). */
export function resetSettingsCache(): void {
  const holder = globalThis as ParsedCache;
  holder[SETTINGS_KEY]?.clear();
  delete holder[CONFIG_KEY];
}
