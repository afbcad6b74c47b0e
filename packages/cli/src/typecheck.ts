/**
 * Type-checking a TypeScript program before it runs, as Pulumi's Node.js runtime does: it runs the
 * program through ts-node, which type-checks unless `PULUMI_NODEJS_TRANSPILE_ONLY=true` or the
 * tsconfig sets `noCheck`, with the project's tsconfig (`tsconfig.json` beside the program, or the
 * `tsconfig` runtime option) over Pulumi's defaults, and `runtime.options.typescript: false` turns
 * TypeScript off. A type error stops the program before any resource is declared.
 *
 * Kept fast the way ts-node is, plus a cache: only the files reachable from the entry are loaded (not
 * the tsconfig's `include`), and only the program's own files are checked (not node_modules or
 * declaration files). In `node_modules/.cache/wissel/` the size and modification time of every file
 * the last check read are kept with its result: when none changed (and the options are the same) the
 * result is reused without starting TypeScript at all. (TypeScript's incremental build info is not
 * used: a per-file check through its builder can return a dependent file's stale diagnostics.)
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as TS from "typescript";
import { SetupError } from "./errors";

/** Diagnostics ts-node ignores by default. */
const IGNORED_CODES = new Set([6059, 18002, 18003]);
const TS_ENTRY = /\.(c|m)?tsx?$/;

/** What the check needs from the project. */
export interface TypeCheckInput {
  /** The directory Pulumi runs the program in, where `tsconfig.json` is looked for. */
  readonly programDir: string;
  /** The entry module. */
  readonly entry: string;
  /** `runtime.options.typescript` from Pulumi.yaml (default true). */
  readonly typescript: boolean;
  /** `runtime.options.tsconfig` from Pulumi.yaml, relative to the program directory. */
  readonly tsconfig: string | undefined;
  /** Paths in messages are relative to this directory. */
  readonly baseDir: string;
  /** `process.env`, for `PULUMI_NODEJS_TRANSPILE_ONLY`. */
  readonly env: NodeJS.ProcessEnv;
}

/** The outcome: the errors as `file:line:col: TSnnnn message`, or why no check ran. */
export type TypeCheckResult =
  | { readonly checked: true; readonly errors: readonly string[] }
  | { readonly checked: false; readonly reason: string; readonly missingCompiler?: true };

function loadTypeScript(programDir: string): typeof TS | undefined {
  try {
    return require(require.resolve("typescript", { paths: [programDir, __dirname] })) as typeof TS;
  } catch {
    return undefined;
  }
}

/** Where the last result goes. */
function cacheFile(input: TypeCheckInput, configFile: string | undefined): string {
  const key = createHash("sha256")
    .update(`${input.entry}\0${configFile ?? ""}`)
    .digest("hex")
    .slice(0, 16);
  // A project's node_modules when it has one (never created for the cache), else the temp directory.
  const modules = path.join(input.programDir, "node_modules");
  const dirs = [
    ...(fs.existsSync(modules) ? [path.join(modules, ".cache", "wissel")] : []),
    path.join(os.tmpdir(), "wissel-typecheck"),
  ];
  for (const dir of dirs) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
      return path.join(dir, `${key}.typecheck.json`);
    } catch {
      // Not writable: try the next place.
    }
  }
  return path.join(os.tmpdir(), `wissel-${key}.typecheck.json`);
}

interface Fingerprint {
  readonly options: string;
  readonly files: Record<string, string>;
  readonly errors: readonly string[];
}

function stamp(file: string): string | undefined {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat !== undefined ? `${stat.size}:${stat.mtimeMs}` : undefined;
}

/** The errors of the last check, when it read exactly these files, unchanged, with these options. */
function reuse(fingerprintFile: string, options: string): readonly string[] | undefined {
  try {
    const last = JSON.parse(fs.readFileSync(fingerprintFile, "utf8")) as Fingerprint;
    if (last.options !== options) return undefined;
    return Object.entries(last.files).every(([file, was]) => stamp(file) === was)
      ? last.errors
      : undefined;
  } catch {
    return undefined;
  }
}

/** One diagnostic as `file:line:col: TSnnnn message`, the file relative to `baseDir`. */
export function formatDiagnostic(
  ts: typeof TS,
  diagnostic: TS.Diagnostic,
  baseDir: string,
): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (diagnostic.file === undefined || diagnostic.start === undefined)
    return `TS${diagnostic.code} ${text}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const file = path.resolve(diagnostic.file.fileName);
  const shown = file.startsWith(baseDir + path.sep) ? path.relative(baseDir, file) : file;
  return `${shown}:${line + 1}:${character + 1}: TS${diagnostic.code} ${text}`;
}

/** Type-checks the program as `pulumi preview` would before running it. */
export function typeCheck(input: TypeCheckInput): TypeCheckResult {
  if (!TS_ENTRY.test(input.entry)) return { checked: false, reason: "the program is JavaScript" };
  if (!input.typescript)
    return { checked: false, reason: "Pulumi.yaml sets runtime.options.typescript: false" };
  const transpileOnly = input.env["PULUMI_NODEJS_TRANSPILE_ONLY"];
  if (transpileOnly === "true")
    return { checked: false, reason: "PULUMI_NODEJS_TRANSPILE_ONLY is true" };
  const ts = loadTypeScript(input.programDir);
  if (ts === undefined) {
    return {
      checked: false,
      reason:
        "TypeScript is not installed in the project (add it: `npm install --save-dev typescript`)",
      missingCompiler: true,
    };
  }

  const configFile = path.resolve(input.programDir, input.tsconfig ?? "tsconfig.json");
  let fromConfig: TS.CompilerOptions = {};
  const configErrors: TS.Diagnostic[] = [];
  if (fs.existsSync(configFile)) {
    const read = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file));
    if (read.error !== undefined) configErrors.push(read.error);
    const parsed = ts.parseJsonConfigFileContent(
      read.config ?? {},
      ts.sys,
      path.dirname(configFile),
      undefined,
      configFile,
    );
    configErrors.push(...parsed.errors.filter((d) => !IGNORED_CODES.has(d.code)));
    fromConfig = parsed.options;
  } else if (input.tsconfig !== undefined) {
    throw new SetupError(
      `Pulumi.yaml: runtime.options.tsconfig is ${JSON.stringify(input.tsconfig)}, but ${configFile} does not exist. Fix the path, or remove the option to use tsconfig.json.`,
    );
  }
  if (fromConfig.noCheck === true && transpileOnly === undefined)
    return { checked: false, reason: `${path.relative(input.baseDir, configFile)} sets noCheck` };

  const fingerprintFile = cacheFile(input, fs.existsSync(configFile) ? configFile : undefined);
  const options: TS.CompilerOptions = {
    // Pulumi's defaults, which the project's tsconfig overrides.
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    ...fromConfig,
    // A check only, even where the tsconfig says noCheck and the environment overrides it.
    noCheck: false,
    noEmit: true,
    composite: false,
    incremental: false,
  };
  const optionsKey = JSON.stringify({
    version: ts.version,
    options,
    configErrors: configErrors.map((d) => d.code),
  });
  const reused = reuse(fingerprintFile, optionsKey);
  if (reused !== undefined) return { checked: true, errors: reused };

  const program = ts.createProgram({ rootNames: [input.entry], options });
  const diagnostics: TS.Diagnostic[] = [
    ...configErrors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || file.fileName.includes("/node_modules/")) continue;
    diagnostics.push(
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    );
  }
  const errors = diagnostics
    .filter((d) => d.category === ts.DiagnosticCategory.Error && !IGNORED_CODES.has(d.code))
    .map((d) => formatDiagnostic(ts, d, input.baseDir));
  const result = [...new Set(errors)];
  const files: Record<string, string> = {};
  for (const file of program.getSourceFiles()) {
    const was = stamp(file.fileName);
    if (was !== undefined) files[file.fileName] = was;
  }
  const configStamp = stamp(configFile);
  if (configStamp !== undefined) files[configFile] = configStamp;
  try {
    fs.writeFileSync(
      fingerprintFile,
      JSON.stringify({ options: optionsKey, files, errors: result } satisfies Fingerprint),
    );
  } catch {
    // No cache this time: the next plan checks again.
  }
  return { checked: true, errors: result };
}
