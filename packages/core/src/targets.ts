/**
 * Loads adapter packages lazily, on the first resource that needs one: a stack that targets Scaleway
 * never loads the Azure SDK.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { isAdapter, type Adapter } from "./adapter";
import { WisselError } from "./errors";

/** The targets Wissel ships an adapter for, and the package that holds each. */
export const KNOWN_TARGETS: Readonly<Record<string, string>> = {
  kubernetes: "@wissel/kubernetes",
  azure: "@wissel/azure",
  scaleway: "@wissel/scaleway",
  openstack: "@wissel/openstack",
};

const STORE_KEY = Symbol.for("wissel.adapters");
type Store = Map<string, Adapter>;

/** One registry per process, shared by every copy of core that a program may load. */
function store(): Store {
  const holder = globalThis as { [STORE_KEY]?: Store };
  return (holder[STORE_KEY] ??= new Map());
}

/** Every target name a stack may use: the shipped ones and any registered adapter. */
export function targetNames(): string[] {
  return [...new Set([...Object.keys(KNOWN_TARGETS), ...store().keys()])];
}

/** The adapters loaded or registered so far in this process. */
export function loadedAdapters(): readonly Adapter[] {
  return [...store().values()];
}

/** Registers an adapter object directly (custom adapters, bundled programs). */
export function registerAdapter(adapter: Adapter): void {
  store().set(adapter.name, adapter);
}

/**
 * The adapter for a target, loading its package on first use.
 * @param key the config key that chose the target, for the error message
 */
export function loadAdapter(target: string, key: string): Adapter {
  const registered = store().get(target);
  if (registered !== undefined) return registered;

  const packageName = KNOWN_TARGETS[target];
  if (packageName === undefined) {
    throw new WisselError([
      {
        subject: "stack config",
        field: key,
        value: target,
        rule: `must name a known target (${Object.keys(KNOWN_TARGETS).join(", ")})`,
        fix: `Set ${key} to one of them, or register a custom adapter with registerAdapter().`,
      },
    ]);
  }

  const exported = requireAdapterPackage(packageName, target, key);
  const adapter = (exported as { adapter?: unknown }).adapter;
  if (!isAdapter(adapter) || adapter.name !== target) {
    throw new Error(
      `${packageName} does not export an adapter named "${target}"; its version may not match @wissel/core.`,
    );
  }
  store().set(target, adapter);
  return adapter;
}

/**
 * Loads an adapter package the program's own project installed, and nothing else: the directory
 * Pulumi runs the program in (the project) and its parents, the way Node resolves from there, but
 * without NODE_PATH and global folders. `pnpm exec` puts its whole store on NODE_PATH, and pnpm
 * hoists every package of the store into `node_modules/.pnpm/node_modules`, where a lookup from core's
 * own location would find an adapter the project never installed.
 */
function requireAdapterPackage(packageName: string, target: string, key: string): unknown {
  const projectDir = process.cwd();
  for (let dir = projectDir; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "node_modules", ...packageName.split("/"), "package.json"))) {
      return createRequire(path.join(dir, "package.json"))(packageName) as unknown;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new WisselError([
    {
      subject: "stack config",
      field: key,
      value: target,
      rule: `needs the adapter package ${packageName}, which is not installed in this project`,
      fix: `Install it in ${projectDir}, next to @wissel/core: \`pnpm add ${packageName}\` (or \`npm install ${packageName}\`).`,
    },
  ]);
}
