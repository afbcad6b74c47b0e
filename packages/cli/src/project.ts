/**
 * Reading a Pulumi project the way the Pulumi CLI does, without it: `Pulumi.yaml` (name, runtime,
 * `main`, `stackConfigDir`, project-level `config`) and the stack file `Pulumi.<stack>.yaml`. The
 * parsers are pure (text in, values out); `readProject` and `readStack` only add file access.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { PLAN_SECRET_PLACEHOLDER, validation } from "@wissel/core";
import { SetupError } from "./errors";
import { yamlSetupError } from "./yaml-error";

/** What `wissel plan` uses from `Pulumi.yaml`. */
export interface ProjectFile {
  readonly name: string;
  /** Always `nodejs`: other runtimes are refused. */
  readonly runtime: "nodejs";
  readonly description?: string;
  /** `main`: the program, relative to `Pulumi.yaml` (a file or a directory). */
  readonly main?: string;
  /** `stackConfigDir`: where the stack files live, relative to `Pulumi.yaml`. */
  readonly stackConfigDir?: string;
  /** The project-level `config` block (defaults for every stack), as written. */
  readonly config: Readonly<Record<string, unknown>>;
  /** `runtime.options.typescript`: false runs the program as JavaScript, unchecked. Default true. */
  readonly typescript: boolean;
  /** `runtime.options.tsconfig`: the tsconfig to check with, relative to the program directory. */
  readonly tsconfig?: string;
}

/** A project on disk: its file, its directory and the program to run. */
export interface Project extends ProjectFile {
  readonly dir: string;
  readonly file: string;
  /** Absolute path of the program's entry module. */
  readonly program: string;
  /** Where Pulumi runs the program: the directory `main` names, else the project directory. */
  readonly programDir: string;
}

/** The stack config as the Pulumi engine hands it to a program. */
export interface StackConfig {
  /** The stack file read. */
  readonly file: string;
  /** `namespace:key` to value; objects and arrays as JSON text, numbers and booleans as text. */
  readonly config: Readonly<Record<string, string>>;
  /** Keys whose value is (or contains) a `secure:` value, replaced by `SECRET_PLACEHOLDER`. */
  readonly secretKeys: readonly string[];
  /** Things in the stack file that the plan cannot honour, said plainly. */
  readonly warnings: readonly string[];
}

/** What a program receives instead of a secret (core's PLAN_SECRET_PLACEHOLDER). */
export const SECRET_PLACEHOLDER = PLAN_SECRET_PLACEHOLDER;

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];
const NAME = /^[A-Za-z0-9_.-]+$/;
/** The keys a project-level config declaration may have (Pulumi's schema for `config:` entries). */
const DECLARATION_KEYS = new Set(["type", "description", "default", "value", "secret", "items"]);

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseYamlFile(text: string, file: string): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    throw yamlSetupError(error, text, file);
  }
}

/** Parses the text of `Pulumi.yaml`. Throws a SetupError naming the file and the attribute. */
export function parseProjectFile(text: string, file: string): ProjectFile {
  const doc = parseYamlFile(text, file);
  if (!isMap(doc))
    throw new SetupError(`${file} must be a YAML map with at least \`name\` and \`runtime\`.`);

  const name = doc["name"];
  if (typeof name !== "string" || !NAME.test(name)) {
    throw new SetupError(
      `${file}: \`name\` must be the project name (letters, digits, hyphens, underscores, periods); received ${JSON.stringify(name) ?? "nothing"}.`,
    );
  }

  const runtime = doc["runtime"];
  const runtimeName = isMap(runtime) ? runtime["name"] : runtime;
  if (runtimeName !== "nodejs") {
    throw new SetupError(
      `${file}: runtime is ${JSON.stringify(runtimeName) ?? "missing"}; wissel plan runs Node.js programs (TypeScript or JavaScript) only. Set \`runtime: nodejs\`.`,
    );
  }

  const project: { -readonly [K in keyof ProjectFile]: ProjectFile[K] } = {
    name,
    runtime: "nodejs",
    config: {},
    typescript: true,
  };
  const options = isMap(runtime) ? runtime["options"] : undefined;
  if (isMap(options)) {
    const typescript = options["typescript"];
    if (typescript !== undefined && typeof typescript !== "boolean") {
      throw new SetupError(
        `${file}: runtime.options.typescript must be true or false; received ${JSON.stringify(typescript)}.`,
      );
    }
    if (typescript === false) project.typescript = false;
    const tsconfig = options["tsconfig"];
    if (tsconfig !== undefined && typeof tsconfig !== "string") {
      throw new SetupError(
        `${file}: runtime.options.tsconfig must be a path to a tsconfig file; received ${JSON.stringify(tsconfig)}.`,
      );
    }
    if (tsconfig !== undefined) project.tsconfig = tsconfig;
  }
  for (const key of ["description", "main", "stackConfigDir"] as const) {
    const value = doc[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string")
      throw new SetupError(
        `${file}: \`${key}\` must be a string; received ${JSON.stringify(value)}.`,
      );
    project[key] = value;
  }
  const config = doc["config"];
  if (config !== undefined && config !== null) {
    if (!isMap(config)) throw new SetupError(`${file}: \`config\` must be a map of config keys.`);
    project.config = config;
  }
  return project;
}

/**
 * The program's entry module, as the Pulumi Node.js host finds it: `main` (or the project directory)
 * names a file, or a directory whose package.json `main` or `index.ts`/`index.js` is the entry.
 */
export function resolveProgram(projectDir: string, main: string | undefined): string {
  const target = path.resolve(projectDir, main ?? ".");
  const where =
    main !== undefined
      ? `\`main: ${main}\` in Pulumi.yaml points to ${target}`
      : `the project directory ${target}`;
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (stat === undefined)
    throw new SetupError(`${where}, which does not exist. Fix \`main\` in Pulumi.yaml.`);
  if (stat.isFile()) return target;

  const manifest = path.join(target, "package.json");
  if (fs.existsSync(manifest)) {
    const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as { main?: unknown };
    if (typeof pkg.main === "string") {
      const entry = resolveModuleFile(path.resolve(target, pkg.main));
      if (entry === undefined)
        throw new SetupError(
          `${manifest} names \`main: ${pkg.main}\`, which does not exist. Fix \`main\` in package.json.`,
        );
      return entry;
    }
  }
  const entry = resolveModuleFile(path.join(target, "index"));
  if (entry === undefined) {
    throw new SetupError(
      `${where}, which has no program: add index.ts (or index.js), or name the entry file in package.json \`main\`.`,
    );
  }
  return entry;
}

/** A module path as `require` would complete it: the file itself, with an extension, or its index. */
function resolveModuleFile(candidate: string): string | undefined {
  const tries = [
    candidate,
    `${candidate}.ts`,
    `${candidate}.js`,
    path.join(candidate, "index.ts"),
    path.join(candidate, "index.js"),
  ];
  return tries.find((file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true);
}

/** Reads `Pulumi.yaml` (or `Pulumi.yml`) in a directory and finds the program. */
export function readProject(dir: string): Project {
  const projectDir = path.resolve(dir);
  const file = PROJECT_FILES.map((name) => path.join(projectDir, name)).find((candidate) =>
    fs.existsSync(candidate),
  );
  if (file === undefined) {
    throw new SetupError(
      `${projectDir} is not a Pulumi project: it has no Pulumi.yaml. Pass the directory that holds Pulumi.yaml, or create one with \`pulumi new typescript\`.`,
    );
  }
  const parsed = parseProjectFile(fs.readFileSync(file, "utf8"), file);
  const main = parsed.main !== undefined ? path.resolve(projectDir, parsed.main) : projectDir;
  const programDir =
    fs.statSync(main, { throwIfNoEntry: false })?.isDirectory() === true ? main : projectDir;
  return {
    ...parsed,
    dir: projectDir,
    file,
    program: resolveProgram(projectDir, parsed.main),
    programDir,
  };
}

/** Where the stack files of a project live. */
export function stackConfigDir(project: Pick<Project, "dir" | "stackConfigDir">): string {
  return path.resolve(project.dir, project.stackConfigDir ?? ".");
}

/** `Pulumi.<stack>.yaml` in the stack config directory. */
export function stackFilePath(
  project: Pick<Project, "dir" | "stackConfigDir">,
  stack: string,
): string {
  return path.join(stackConfigDir(project), `Pulumi.${stack}.yaml`);
}

/** The stack names that have a stack file in a directory, sorted. */
export function existingStacks(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** The error for a stack without a stack file: where it was looked for and how to create it. */
export function missingStackMessage(
  file: string,
  stack: string,
  existing: readonly string[],
): string {
  const dir = path.dirname(file);
  const copy =
    existing[0] !== undefined
      ? `, or copy an existing stack file and edit its wissel:target: \`cp ${path.join(dir, `Pulumi.${existing[0]}.yaml`)} ${file}\``
      : "";
  const found = existing.length > 0 ? ` Stacks with a file here: ${existing.join(", ")}.` : "";
  // Within two edits and with the same first letter: "prod" is not a typo of "good".
  const guess = validation.closest(stack, existing);
  const meant =
    guess !== undefined && guess[0]?.toLowerCase() === stack[0]?.toLowerCase()
      ? ` Did you mean --stack ${guess}?`
      : "";
  return `Stack "${stack}" has no stack file: ${file} does not exist.${meant} Create it with \`pulumi stack init ${stack}\` and \`pulumi config set wissel:target <target>\`${copy}.${found}`;
}

/** `key` without a namespace belongs to the project, as Pulumi reads it. */
export function qualifyKey(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** Replaces every `{secure: ...}` inside a value by the placeholder; reports whether it found one. */
function stripSecure(value: unknown): [unknown, boolean] {
  if (isMap(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "secure" && typeof value["secure"] === "string")
      return [SECRET_PLACEHOLDER, true];
    let secret = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const [plain, found] = stripSecure(item);
      out[key] = plain;
      secret ||= found;
    }
    return [out, secret];
  }
  if (Array.isArray(value)) {
    let secret = false;
    const out = value.map((item) => {
      const [plain, found] = stripSecure(item);
      secret ||= found;
      return plain;
    });
    return [out, secret];
  }
  return [value, false];
}

/**
 * One config value as the engine passes it to a program: strings as they are, numbers and booleans
 * as text, objects and arrays (structured config) as JSON, `secure:` values as the placeholder.
 */
export function configValue(value: unknown): { readonly text: string; readonly secret: boolean } {
  const [plain, secret] = stripSecure(value);
  if (typeof plain === "string") return { text: plain, secret };
  if (plain === null || plain === undefined) return { text: "", secret };
  if (typeof plain === "number" || typeof plain === "boolean")
    return { text: String(plain), secret };
  return { text: JSON.stringify(plain), secret };
}

/**
 * The value a project-level `config` entry gives every stack: `key: value`, or a declaration
 * `{type, default | value, ...}` (undefined when it declares a key without a value).
 */
export function projectConfigDefault(entry: unknown): unknown {
  if (
    isMap(entry) &&
    Object.keys(entry).length > 0 &&
    Object.keys(entry).every((key) => DECLARATION_KEYS.has(key))
  ) {
    return entry["value"] ?? entry["default"];
  }
  return entry;
}

/**
 * Merges project-level defaults with a stack file's text into the config a program sees.
 * @param projectConfig the `config` block of Pulumi.yaml
 */
export function parseStackFile(
  text: string,
  file: string,
  project: string,
  projectConfig: Readonly<Record<string, unknown>> = {},
): StackConfig {
  const doc = parseYamlFile(text, file) ?? {};
  if (!isMap(doc)) throw new SetupError(`${file} must be a YAML map with a \`config:\` section.`);
  const stackValues = doc["config"] ?? {};
  if (!isMap(stackValues))
    throw new SetupError(`${file}: \`config\` must be a map of \`namespace:key: value\`.`);

  const merged = new Map<string, unknown>();
  for (const [key, entry] of Object.entries(projectConfig)) {
    const value = projectConfigDefault(entry);
    if (value !== undefined) merged.set(qualifyKey(key, project), value);
  }
  for (const [key, value] of Object.entries(stackValues))
    merged.set(qualifyKey(key, project), value);

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of [...merged.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const { text: flat, secret } = configValue(value);
    config[key] = flat;
    if (secret) secretKeys.push(key);
  }

  const warnings: string[] = [];
  if (doc["environment"] !== undefined) {
    warnings.push(
      `${file} imports Pulumi ESC environments (\`environment:\`); wissel plan cannot open them offline, so their values are missing from this plan.`,
    );
  }
  return { file, config, secretKeys, warnings };
}

/** Reads the stack file of a project; a missing file is a SetupError saying how to create it. */
export function readStack(project: Project, stack: string): StackConfig {
  const file = stackFilePath(project, stack);
  const candidates = [file, file.replace(/\.yaml$/, ".yml")];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (found === undefined)
    throw new SetupError(missingStackMessage(file, stack, existingStacks(path.dirname(file))));
  return parseStackFile(fs.readFileSync(found, "utf8"), found, project.name, project.config);
}
