/**
 * Exported-state files in the real format (`pulumi stack export`, deployment version 3) built from a
 * recorded run (`test/golden/record.ts`): each registration becomes the resource the engine would have
 * written after deploying it, with the stack's root resource and a default provider as the engine
 * adds them, secret inputs encrypted (as an export without `--show-secrets` holds them).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

/** One registration of a recording, as `test/golden/record.ts` writes it. */
export interface Recorded {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly custom: boolean;
  readonly read: boolean;
  readonly inputs: Record<string, unknown>;
  readonly secretInputs: readonly string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
}

export interface Recording {
  readonly project: string;
  readonly stack: string;
  readonly errors: readonly string[];
  readonly registrations: readonly Recorded[];
}

/** Records a stack of a project, in a child process (one mock runtime per process). */
export function recordStack(dir: string, stack: string): Recording {
  const text = execFileSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules/tsx/dist/cli.mjs"),
      path.join(ROOT, "test/golden/record.ts"),
      dir,
      stack,
    ],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  return JSON.parse(text) as Recording;
}

/** A checked-in golden recording. */
export function goldenRecording(name: string): Recording {
  return JSON.parse(
    fs.readFileSync(path.join(ROOT, "test/golden", `${name}.json`), "utf8"),
  ) as Recording;
}

function encrypted(value: unknown): Record<string, unknown> {
  const ciphertext = Buffer.from(`encrypted:${JSON.stringify(value)}`).toString("base64");
  return { [SIG]: SECRET, ciphertext: `v1:${ciphertext.slice(0, 16)}:${ciphertext}` };
}

export interface StateOptions {
  /** The stack the state is of (its URNs name it): the planned stack's, after a config change. */
  readonly stack?: string;
  /** The `placement` outputs of Wissel components, by component name. */
  readonly placements?: Readonly<Record<string, { target: string; vendor: string }>>;
  /** Changes the deployed inputs of a resource, by name. */
  readonly inputs?: Readonly<
    Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>
  >;
}

/** The deployment `pulumi stack export` would write after deploying the recording. */
export function stateOf(recording: Recording, options: StateOptions = {}): unknown {
  const stack = options.stack ?? recording.stack;
  // The mock gave each resource the id `<name>-id`; a provider gives its own. Every reference to an
  // id in the recorded inputs (an input, or inside a policy document) takes the deployed id instead.
  const names = recording.registrations.filter((r) => r.custom && !r.read).map((r) => r.name);
  const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const mockIds = new RegExp(`(?<![\\w.-])(${names.map(escape).join("|")})-id(?![\\w.-])`, "g");
  const deployedIds = (value: unknown): unknown =>
    names.length === 0
      ? value
      : JSON.parse(JSON.stringify(value).replace(mockIds, "$1-deployed-id"));
  const rename = (urn: string): string =>
    urn.replace(/^urn:pulumi:[^:]*::/, `urn:pulumi:${stack}::`);
  const root = `urn:pulumi:${stack}::${recording.project}::pulumi:pulumi:Stack::${recording.project}-${stack}`;
  const resources: unknown[] = [
    { urn: root, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
  ];
  const packages = new Set(
    recording.registrations.filter((r) => r.custom).map((r) => r.type.split(":")[0]),
  );
  for (const pkg of packages) {
    resources.push({
      urn: `urn:pulumi:${stack}::${recording.project}::pulumi:providers:${pkg}::default_1_0_0`,
      custom: true,
      id: "00000000-0000-0000-0000-000000000000",
      type: `pulumi:providers:${pkg}`,
      inputs: {},
      outputs: {},
    });
  }
  for (const r of recording.registrations) {
    const recorded = deployedIds(r.inputs) as Record<string, unknown>;
    const edited = options.inputs?.[r.name]?.(recorded) ?? recorded;
    const inputs = Object.fromEntries(
      Object.entries(edited).map(([key, value]) => [
        key,
        r.secretInputs.includes(key) ? encrypted(value) : value,
      ]),
    );
    const placement = options.placements?.[r.name];
    resources.push({
      urn: rename(r.urn),
      custom: r.custom,
      ...(r.custom ? { id: r.read ? String(r.inputs["id"]) : `${r.name}-deployed-id` } : {}),
      type: r.type,
      inputs: r.custom ? inputs : {},
      outputs: r.custom
        ? inputs
        : placement !== undefined && r.type.startsWith("wissel:")
          ? { placement }
          : {},
      parent: r.parent !== undefined ? rename(r.parent) : root,
      ...(r.protect ? { protect: true } : {}),
      ...(r.retainOnDelete ? { retainOnDelete: true } : {}),
      ...(r.read ? { external: true } : {}),
    });
  }
  return {
    version: 3,
    deployment: {
      manifest: {
        time: "2026-12-01T09:00:00.000Z",
        magic: "0123456789abcdef",
        version: "v3.210.0",
      },
      secrets_providers: { type: "passphrase", state: { salt: "v1:c2FsdA==:v1:aXY=:Y2lwaGVy" } },
      resources,
    },
  };
}

/** Writes a state to a file in `dir`, and returns its path. */
export function writeState(dir: string, name: string, state: unknown): string {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(state, null, 2));
  return file;
}
