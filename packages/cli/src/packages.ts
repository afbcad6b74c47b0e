/**
 * Which npm packages a plan loaded, from the files in `require.cache`: the proof that a stack
 * targeting one vendor never loads another vendor's SDK.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Packages reported per submodule (`@pulumi/azure-native/storage`), because the thing to catch is a
 * load of their root barrel (`@pulumi/azure-native`), which costs seconds.
 */
export const SUBMODULE_PACKAGES: readonly string[] = ["@pulumi/azure-native"];

const NODE_MODULES = "/node_modules/";

/**
 * The package a file under `node_modules` belongs to, or undefined for a file outside any
 * `node_modules` (a workspace package or the program itself).
 */
export function packageOfPath(file: string): string | undefined {
  const normalized = file.split(path.sep).join("/");
  const at = normalized.lastIndexOf(NODE_MODULES);
  if (at < 0) return undefined;
  const parts = normalized.slice(at + NODE_MODULES.length).split("/");
  const scoped = parts[0]?.startsWith("@") === true;
  const nameParts = parts.slice(0, scoped ? 2 : 1);
  if (nameParts.length < (scoped ? 2 : 1) || nameParts.some((part) => part === ""))
    return undefined;
  const name = nameParts.join("/");
  const inner = parts.slice(nameParts.length);
  if (!SUBMODULE_PACKAGES.includes(name) || inner.length === 0) return name;
  if (inner.length > 1) return `${name}/${inner[0]}`;
  const base = (inner[0] ?? "").replace(/\.(c|m)?js$/, "");
  return base === "index" ? name : `${name}/${base}`;
}

/** The name in the nearest package.json above a file that has one, cached per directory. */
export function nearestPackageName(
  file: string,
  cache: Map<string, string | undefined> = new Map(),
): string | undefined {
  const seen: string[] = [];
  let dir = path.dirname(file);
  let found: string | undefined;
  for (;;) {
    if (cache.has(dir)) {
      found = cache.get(dir);
      break;
    }
    seen.push(dir);
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        const name = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown }).name;
        if (typeof name === "string") {
          found = name;
          break;
        }
      } catch {
        // An unreadable manifest names nothing; keep looking above it.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const visited of seen) cache.set(visited, found);
  return found;
}

/** The packages the given module files belong to, sorted and without repeats. */
export function loadedPackages(files: Iterable<string>): string[] {
  const cache = new Map<string, string | undefined>();
  const names = new Set<string>();
  for (const file of files) {
    if (!path.isAbsolute(file)) continue;
    const name = packageOfPath(file) ?? nearestPackageName(file, cache);
    if (name !== undefined) names.add(name);
  }
  return [...names].sort();
}
