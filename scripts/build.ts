/**
 * Builds the workspace: `tsc -b` checks every project and writes the declarations, then esbuild
 * writes the JavaScript of the packages a Pulumi program loads (core and the four adapters) as one
 * file per package entry.
 *
 * Why bundle: a program pays for every module file it loads (resolution, read, compile), and a
 * package of forty small files costs a program more than the one file it amounts to. The blocks a
 * program does not use still load lazily: an adapter requires each block's module on first use, and
 * esbuild keeps such a `require` lazy inside the bundle (the module and its SDK imports run on the
 * first call). Dependencies stay outside the bundle, so the vendor SDKs, `@pulumi/pulumi` and core
 * are each loaded once, from where npm put them; the one exception is valibot (see `INLINED`).
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

/**
 * Dependencies bundled into the package that imports them instead of loaded from `node_modules`.
 * Valibot is built to be tree-shaken: inlined, core's bundle holds the thirty functions its settings
 * schemas use (`packages/core/src/settings/valibot.ts`) instead of a program compiling the whole
 * library on every run. Its licence goes into `dist/licenses/` beside the bundle. It stays in core's
 * `dependencies`, for the types core's declarations refer to.
 */
const INLINED: ReadonlySet<string> = new Set(["valibot"]);

/** Every bare import stays a `require` of the installed package, except those in `INLINED`. */
const externals: esbuild.Plugin = {
  name: "wissel-externals",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = packageName(args.path);
      return INLINED.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/** The package a bare import names: `@pulumi/kubernetes/core/v1` is `@pulumi/kubernetes`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/**
 * Drops esbuild's interop copy of an external namespace import. For `import * as pulumi from
 * "@pulumi/pulumi"` esbuild writes `pulumi = __toESM(require("@pulumi/pulumi"))`, which defines a
 * getter on a fresh object for every export of the package, once per importing module: on a program's
 * first run, a few milliseconds across the packages' modules for objects equal to what `require`
 * returns. The copy differs from the module only in a synthesised `default`, so it is dropped where
 * the bundle never reads the variable's `default` (a default import reads it; none of the bundled
 * sources has one, and a new one keeps its copy).
 */
export function withoutNamespaceCopies(code: string): string {
  return code.replace(
    /(?<![\w$])([A-Za-z_$][\w$]*) = __toESM\(require\(("[^"]+")\)\)/g,
    (whole: string, name: string, specifier: string) =>
      new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}\\.default(?![\\w$])`).test(code)
        ? whole
        : `${name} = require(${specifier})`,
  );
}

const OPTIONS = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node22",
  plugins: [externals],
  metafile: true,
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
  for (const file of result.outputFiles)
    write(file.path, file.path.endsWith(".js") ? withoutNamespaceCopies(file.text) : file.contents);
  for (const [name, packageDir] of inlinedPackages(result.metafile)) {
    fs.mkdirSync(path.join(dist, "licenses"), { recursive: true });
    write(
      path.join(dist, "licenses", `${name.replace("/", "__")}.txt`),
      licenceOf(name, packageDir),
    );
  }
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

/** The `INLINED` packages a bundle took code from, and their directories, by its inputs' paths. */
function inlinedPackages(metafile: esbuild.Metafile): Map<string, string> {
  const found = new Map<string, string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (match !== null && INLINED.has(match[2]!))
      found.set(match[2]!, path.resolve(ROOT, match[1]!));
  }
  return found;
}

/** An inlined package's licence text, from its installed copy. */
function licenceOf(name: string, dir: string): string {
  const file = fs.readdirSync(dir).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
  if (file === undefined)
    throw new Error(`build: ${name} is inlined, but ${dir} has no licence file`);
  return fs.readFileSync(path.join(dir, file), "utf8");
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
