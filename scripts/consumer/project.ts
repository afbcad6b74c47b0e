/**
 * A user's Pulumi project outside the workspace, made from packed tarballs: the files it holds, its
 * install with npm or pnpm, and the commands it runs, each in a clean environment (no pnpm or npm
 * variables of the workspace's own run, no NODE_PATH into the workspace's store).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export type PackageManager = "npm" | "pnpm";

/** The pnpm the workspace pins (package.json `packageManager`), used for the consumer installs too. */
export const PNPM = `pnpm@${(JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { packageManager: string }).packageManager.split("@")[1]!.split("+")[0]}`;

export interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a command run as a user would run it in their own project. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(npm|pnpm)_/i.test(key) ||
      key === "NODE_PATH" ||
      key === "NODE_OPTIONS" ||
      key === "INIT_CWD"
    )
      continue;
    env[key] = value;
  }
  // Under `pnpm run`, `node` on PATH is the workspace's shim, which puts the workspace's whole store
  // on NODE_PATH: a consumer's `#!/usr/bin/env node` bin would then find packages the consumer never
  // installed. A user's shell has no such entries, so the consumer runs the real Node binary.
  const outside = (process.env["PATH"] ?? "")
    .split(path.delimiter)
    .filter((dir) => !dir.split(path.sep).includes("node_modules"));
  env["PATH"] = [path.dirname(process.execPath), ...outside].join(path.delimiter);
  return env;
}

export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 600_000,
): Result {
  const result = spawnSync(command, args, {
    cwd,
    env: cleanEnv(),
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a command and throws with its output when it fails. */
export function mustRun(command: string, args: readonly string[], cwd: string): Result {
  const result = run(command, args, cwd);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} (in ${cwd}) exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** Packs every workspace package (with pnpm, which rewrites workspace: ranges) into one folder. */
export function packAll(
  root: string,
  packages: readonly string[],
  destination: string,
): Map<string, string> {
  fs.mkdirSync(destination, { recursive: true });
  const tarballs = new Map<string, string>();
  for (const dir of packages) {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(root, "packages", dir, "package.json"), "utf8"),
    ) as { name: string; version: string };
    mustRun(
      "npx",
      ["-y", PNPM, "pack", "--pack-destination", destination],
      path.join(root, "packages", dir),
    );
    const file = path.join(
      destination,
      `${manifest.name.replace("@", "").replace("/", "-")}-${manifest.version}.tgz`,
    );
    if (!fs.existsSync(file)) throw new Error(`pnpm pack left no ${file}`);
    tarballs.set(manifest.name, file);
  }
  return tarballs;
}

export interface ProjectSpec {
  readonly name: string;
  /** The @wissel packages the project asks for. */
  readonly wissel: readonly string[];
  readonly pulumi: string;
  readonly devDependencies?: Readonly<Record<string, string>>;
  /** Files to write, by path inside the project. */
  readonly files: Readonly<Record<string, string>>;
  readonly jest?: boolean;
}

/** Writes a fresh project under os.tmpdir() and installs it; returns its directory. */
export function createProject(
  spec: ProjectSpec,
  tarballs: ReadonlyMap<string, string>,
  manager: PackageManager,
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wissel-consumer-${spec.name}-${manager}-`));
  // Every @wissel package resolves to its tarball wherever it is asked for: none is on the registry.
  const overrides = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
  const manifest: Record<string, unknown> = {
    name: `consumer-${spec.name}`,
    private: true,
    main: "index.ts",
    dependencies: {
      "@pulumi/pulumi": spec.pulumi,
      ...Object.fromEntries(
        spec.wissel.map((name) => [name, `file:${tarballs.get(name) ?? missing(name)}`]),
      ),
    },
    devDependencies: { typescript: "5.9.3", "@types/node": "^22.20.7", ...spec.devDependencies },
    ...(manager === "npm" ? { overrides } : { pnpm: { overrides } }),
    ...(spec.jest === true ? { jest: { testEnvironment: "node", transform: {} } } : {}),
  };
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [file, text] of Object.entries(spec.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  // No install scripts: @pulumi/kubernetes would download a provider plugin the plan never uses.
  if (manager === "npm")
    mustRun(
      "npm",
      ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
      dir,
    );
  else mustRun("npx", ["-y", PNPM, "install", "--ignore-scripts", "--reporter=silent"], dir);
  return dir;
}

function missing(name: string): never {
  throw new Error(`no tarball packed for ${name}`);
}

/** Every installed copy of a package, following pnpm's virtual store as well as npm's nested folders. */
export function installedCopies(dir: string, name: string): string[] {
  const found = new Set<string>();
  const visit = (modules: string, depth: number): void => {
    if (depth > 6 || !fs.existsSync(modules)) return;
    const candidate = path.join(modules, name, "package.json");
    if (fs.existsSync(candidate)) found.add(fs.realpathSync(path.dirname(candidate)));
    for (const entry of fs.readdirSync(modules)) {
      const scoped = entry.startsWith("@")
        ? fs.readdirSync(path.join(modules, entry)).map((e) => path.join(entry, e))
        : [entry];
      for (const pkg of scoped) {
        const nested = path.join(modules, pkg, "node_modules");
        if (fs.existsSync(nested) && !fs.lstatSync(path.join(modules, pkg)).isSymbolicLink())
          visit(nested, depth + 1);
      }
    }
    const store = path.join(modules, ".pnpm");
    if (depth === 0 && fs.existsSync(store)) {
      for (const entry of fs.readdirSync(store)) {
        const inner = path.join(store, entry, "node_modules", name, "package.json");
        if (fs.existsSync(inner)) found.add(fs.realpathSync(path.dirname(inner)));
      }
    }
  };
  visit(path.join(dir, "node_modules"), 0);
  return [...found].sort();
}
