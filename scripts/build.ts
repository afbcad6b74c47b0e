/**
 * Builds the workspace: `tsc -b` checks every project and writes the declarations, then esbuild
 * writes the JavaScript of the packages a Pulumi program loads (core and the four adapters) as one
 * file per package entry.
 *
 * Why bundle: a program pays for every module file it loads (resolution, read, compile), and a
 * package of forty small files costs a program more than the one file it amounts to. The blocks a
 * program does not use still load lazily: an adapter requires each block's module on first use, and
 * esbuild keeps such a `require` lazy inside the bundle (the module and its SDK imports run on the
 * first call). Dependencies stay outside the bundle (`packages: "external"`), so the vendor SDKs,
 * `@pulumi/pulumi` and core are each loaded once, from where npm put them.
 *
 * A package with several entries (`@wissel/kubernetes` and `/compose`) gets one bundle holding all of
 * them, `dist/bundle.js`, and a one-line file per entry that takes its part: two bundles would each
 * hold their own copy of the modules they share, and of the state those modules keep.
 *
 * Usage: `tsx scripts/build.ts` (the root `build` and `prepare` scripts). Tests call `build()`.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";

const ROOT = path.resolve(__dirname, "..");

/**
 * The packages whose JavaScript is bundled: what a Pulumi program loads (core and the adapters).
 * A package opts in where `tsc` learns of it too: its tsconfig sets `emitDeclarationOnly`, so `tsc`
 * writes its declarations only and this script its code. A new adapter copies an adapter's tsconfig.
 */
export function bundledPackages(): string[] {
  const packages = path.join(ROOT, "packages");
  return fs
    .readdirSync(packages)
    .filter((name) => {
      const file = path.join(packages, name, "tsconfig.json");
      if (!fs.existsSync(file)) return false;
      const config = JSON.parse(fs.readFileSync(file, "utf8")) as {
        compilerOptions?: { emitDeclarationOnly?: boolean };
      };
      return config.compilerOptions?.emitDeclarationOnly === true;
    })
    .sort();
}

interface PackageJson {
  readonly exports: Readonly<Record<string, unknown>>;
}

/** A package's JavaScript entries, from its `exports`: `"."` is `index`, `"./compose"` is `compose`. */
function entriesOf(dir: string): string[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(dir, "package.json"), "utf8"),
  ) as PackageJson;
  return Object.entries(manifest.exports)
    .filter(([key, target]) => key !== "./package.json" && target !== null)
    .map(([key]) => (key === "." ? "index" : key.slice("./".length)));
}

/** Writes a file only when its content changes, by rename, so a process reading it never sees half. */
function writeIfChanged(file: string, contents: Uint8Array | string): void {
  const next = Buffer.from(contents);
  if (fs.existsSync(file) && fs.readFileSync(file).equals(next)) return;
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, next);
  fs.renameSync(temporary, file);
}

const OPTIONS = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node22",
  packages: "external",
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "none",
  logLevel: "error",
  write: false,
} as const satisfies esbuild.BuildOptions;

/** Bundles one package's entries into its `dist`. */
async function bundlePackage(name: string): Promise<void> {
  const dir = path.join(ROOT, "packages", name);
  const dist = path.join(dir, "dist");
  const entries = entriesOf(dir);
  const stdin =
    entries.length === 1
      ? undefined
      : {
          // Each entry's modules run when the entry is first required, not when the bundle loads.
          contents: `module.exports = {\n${entries
            .map((entry) => `  ${JSON.stringify(entry)}: () => require("./src/${entry}.ts"),\n`)
            .join("")}};\n`,
          resolveDir: dir,
          sourcefile: "entries.js",
          loader: "js" as const,
        };
  const result = await esbuild.build({
    ...OPTIONS,
    ...(stdin !== undefined
      ? { stdin, outfile: path.join(dist, "bundle.js") }
      : {
          entryPoints: [path.join(dir, "src", `${entries[0]}.ts`)],
          outfile: path.join(dist, `${entries[0]}.js`),
        }),
  });
  const written = new Set<string>();
  const write = (file: string, contents: Uint8Array | string): void => {
    writeIfChanged(file, contents);
    written.add(file);
  };
  for (const file of result.outputFiles) write(file.path, file.contents);
  if (stdin !== undefined) {
    for (const entry of entries) {
      write(
        path.join(dist, `${entry}.js`),
        `"use strict";\nmodule.exports = require("./bundle.js")[${JSON.stringify(entry)}]();\n`,
      );
    }
  }
  removeStaleJavaScript(dist, written);
}

/** Removes JavaScript an earlier unbundled build left in `dist`, so a packed package holds none. */
function removeStaleJavaScript(dist: string, keep: ReadonlySet<string>): void {
  for (const entry of fs.readdirSync(dist, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && /\.js(\.map)?$/.test(entry.name) && !keep.has(file)) fs.rmSync(file);
  }
}

/** `tsc -b` (types and declarations), then the bundles. */
export async function build(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-b"], {
    cwd: ROOT,
    stdio: "inherit",
    timeout: 300_000,
  });
  await Promise.all(bundledPackages().map(bundlePackage));
}

if (require.main === module) {
  build().catch((error: unknown) => {
    process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
