/**
 * Install footprint: the packages a project needs for core plus one adapter (or all of them), from
 * the lockfile's dependency graph, and what those packages take on disk in node_modules/.pnpm (the
 * files pnpm links from its store). Production dependencies only: what `pnpm add @wissel/core
 * @wissel/scaleway @pulumi/pulumi` brings, not the workspace's dev tools.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

interface Importer {
  readonly dependencies?: Readonly<Record<string, { readonly version: string }>>;
  readonly optionalDependencies?: Readonly<Record<string, { readonly version: string }>>;
}
interface Snapshot {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}
interface Lockfile {
  readonly importers: Readonly<Record<string, Importer>>;
  readonly snapshots?: Readonly<Record<string, Snapshot>>;
}

/** One set's closure. */
export interface Footprint {
  readonly label: string;
  /** Registry packages (name@version, peer variants counted once). */
  readonly packages: number;
  /** Workspace packages in the closure (core, adapters). */
  readonly workspacePackages: readonly string[];
  /** Bytes on disk (allocated blocks, each hard-linked file once). */
  readonly diskBytes: number;
  /** Sum of file sizes. */
  readonly apparentBytes: number;
  /** The five largest packages, by disk bytes. */
  readonly largest: readonly { readonly name: string; readonly diskBytes: number }[];
}

/** `name@version(peer@x)(peer2@y)` without the peer suffix. */
function plainKey(key: string): string {
  const at = key.indexOf("(");
  return at < 0 ? key : key.slice(0, at);
}

function nameOf(key: string): string {
  const plain = plainKey(key);
  return plain.slice(0, plain.lastIndexOf("@"));
}

/** The snapshot key of a dependency as an importer or snapshot lists it. */
function snapshotKey(name: string, version: string): string {
  return `${name}@${version}`;
}

/** Where pnpm unpacked a snapshot: node_modules/.pnpm/<dir>/node_modules/<name>. */
function packageDir(root: string, key: string, dirs: readonly string[]): string | undefined {
  const name = nameOf(key);
  const exact = key
    .replace(/\//g, "+")
    .replace(/\)\(/g, "_")
    .replace(/\(/g, "_")
    .replace(/\)/g, "");
  const candidates = [
    exact,
    ...dirs.filter((dir) => dir.startsWith(`${plainKey(key).replace(/\//g, "+")}`)),
  ];
  for (const dir of candidates) {
    const full = path.join(root, "node_modules", ".pnpm", dir, "node_modules", name);
    if (fs.existsSync(full)) return full;
  }
  return undefined;
}

/** Disk and apparent bytes of a directory tree; `seen` holds inodes already counted. */
function treeSize(dir: string, seen: Set<string>): { disk: number; apparent: number } {
  let disk = 0;
  let apparent = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        // A package's own node_modules holds links to its dependencies, counted as packages of their own.
        if (entry.name !== "node_modules") stack.push(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const stat = fs.statSync(full, { bigint: false });
      const inode = `${stat.dev}:${stat.ino}`;
      if (seen.has(inode)) continue;
      seen.add(inode);
      disk += stat.blocks * 512;
      apparent += stat.size;
    }
  }
  return { disk, apparent };
}

/** The published files of a workspace package (its `files` plus package.json). */
function workspaceSize(dir: string, seen: Set<string>): { disk: number; apparent: number } {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    files?: string[];
  };
  let disk = 0;
  let apparent = 0;
  for (const entry of ["package.json", ...(manifest.files ?? [])]) {
    const full = path.join(dir, entry);
    if (!fs.existsSync(full)) continue;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      const size = treeSize(full, seen);
      disk += size.disk;
      apparent += size.apparent;
    } else {
      disk += stat.blocks * 512;
      apparent += stat.size;
    }
  }
  return { disk, apparent };
}

/** Registry packages as one importer of the lockfile resolves them (a project without Wissel). */
export interface RegistryRoots {
  readonly importer: string;
  readonly names: readonly string[];
}

/**
 * The closure of the given workspace packages (directories relative to the root, such as
 * `packages/scaleway`) and registry packages, and its size.
 */
export function footprint(
  root: string,
  label: string,
  importerPaths: readonly string[],
  registryRoots?: RegistryRoots,
): Footprint {
  const lock = parse(fs.readFileSync(path.join(root, "pnpm-lock.yaml"), "utf8")) as Lockfile;
  const dirs = fs.readdirSync(path.join(root, "node_modules", ".pnpm"));
  const snapshots = lock.snapshots ?? {};

  const workspace = new Set<string>();
  const registry = new Set<string>();
  const pending: { kind: "importer" | "snapshot"; key: string }[] = importerPaths.map((key) => ({
    kind: "importer",
    key,
  }));
  if (registryRoots !== undefined) {
    const deps = lock.importers[registryRoots.importer]?.dependencies ?? {};
    for (const name of registryRoots.names) {
      const dep = deps[name];
      if (dep === undefined)
        throw new Error(`${registryRoots.importer} does not depend on ${name}`);
      pending.push({ kind: "snapshot", key: snapshotKey(name, dep.version) });
    }
  }
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.kind === "importer") {
      if (workspace.has(next.key)) continue;
      workspace.add(next.key);
      const importer = lock.importers[next.key];
      if (importer === undefined) throw new Error(`pnpm-lock.yaml has no importer ${next.key}`);
      for (const [name, { version }] of Object.entries({
        ...importer.dependencies,
        ...importer.optionalDependencies,
      })) {
        if (version.startsWith("link:")) {
          pending.push({
            kind: "importer",
            key: path.posix.normalize(path.posix.join(next.key, version.slice("link:".length))),
          });
        } else {
          pending.push({ kind: "snapshot", key: snapshotKey(name, version) });
        }
      }
    } else {
      if (registry.has(next.key)) continue;
      registry.add(next.key);
      const snapshot = snapshots[next.key];
      if (snapshot === undefined) throw new Error(`pnpm-lock.yaml has no snapshot ${next.key}`);
      for (const [name, version] of Object.entries(snapshot.dependencies ?? {}))
        pending.push({ kind: "snapshot", key: snapshotKey(name, version) });
      // Optional dependencies count where they were installed (platform binaries for this machine).
      for (const [name, version] of Object.entries(snapshot.optionalDependencies ?? {})) {
        const key = snapshotKey(name, version);
        if (packageDir(root, key, dirs) !== undefined) pending.push({ kind: "snapshot", key });
      }
    }
  }

  const seen = new Set<string>();
  const sizes = new Map<string, number>();
  let diskBytes = 0;
  let apparentBytes = 0;
  const counted = new Set<string>();
  for (const key of registry) {
    const plain = plainKey(key);
    if (counted.has(plain)) continue;
    counted.add(plain);
    const dir = packageDir(root, key, dirs);
    if (dir === undefined)
      throw new Error(`${key} is in the lockfile but not in node_modules/.pnpm; run pnpm install`);
    const size = treeSize(dir, seen);
    diskBytes += size.disk;
    apparentBytes += size.apparent;
    sizes.set(plain, size.disk);
  }
  for (const key of workspace) {
    const size = workspaceSize(path.join(root, key), seen);
    diskBytes += size.disk;
    apparentBytes += size.apparent;
  }
  return {
    label,
    packages: counted.size,
    workspacePackages: [...workspace].sort(),
    diskBytes,
    apparentBytes,
    largest: [...sizes]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([name, bytes]) => ({ name, diskBytes: bytes })),
  };
}
