/**
 * Reads what `pulumi stack export` writes: the deployment format, version 3, or version 4 when the
 * deployment uses a feature that needs it (the file then lists its `features`). The shape follows
 * the Pulumi engine's own schemas (`sdk/go/common/apitype/deployments.json` and `resources.json`);
 * the Node.js SDK types the deployment as `any`. A file that is not such a state fails with a
 * message that names the file and the problem, never a stack trace.
 */
import * as fs from "node:fs";
import { v } from "@wissel/core";

/** The deployment versions the current Pulumi CLI writes. */
export const STATE_VERSIONS: readonly number[] = [3, 4];

/** A deployed stack's state. */
export interface DeployedState {
  /** The file it was read from. */
  readonly file: string;
  /** The deployment format's version: one of {@link STATE_VERSIONS}. */
  readonly version: number;
  /** The format features the file declares (version 4). */
  readonly features: readonly string[];
  /** Every resource the state records, in its order. */
  readonly resources: readonly DeployedResource[];
  /** The stack and project of its URNs, when it has resources. */
  readonly stack?: string;
  readonly project?: string;
}

/**
 * One resource of a deployed stack, as its state records it. Inputs and outputs as the state holds
 * them: secrets stay in their envelope (encrypted unless exported with `--show-secrets`). `external`
 * marks a resource read with `Resource.get`; `delete`, one left over from a replacement.
 */
export interface DeployedResource {
  readonly urn: string;
  readonly type: string;
  readonly custom: boolean;
  readonly id?: string | undefined;
  readonly parent?: string | undefined;
  readonly provider?: string | undefined;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly external: boolean;
  readonly delete: boolean;
}

/** A state file that cannot be read as a deployment. */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "StateFileError";
  }
}

const RECORD = v.record(v.string(), v.unknown());

const RESOURCE: v.GenericSchema<unknown, DeployedResource> = v.object({
  urn: v.pipe(v.string(), v.startsWith("urn:pulumi:", "must be a Pulumi URN (urn:pulumi:…)")),
  type: v.string(),
  custom: v.optional(v.boolean(), false),
  id: v.optional(v.string()),
  parent: v.optional(v.string()),
  provider: v.optional(v.string()),
  inputs: v.optional(RECORD, {}),
  outputs: v.optional(RECORD, {}),
  protect: v.optional(v.boolean(), false),
  retainOnDelete: v.optional(v.boolean(), false),
  external: v.optional(v.boolean(), false),
  delete: v.optional(v.boolean(), false),
});

const DEPLOYMENT = v.object({
  version: v.number(),
  features: v.optional(v.array(v.string()), []),
  deployment: v.object({
    manifest: v.object({ time: v.string(), magic: v.string(), version: v.string() }),
    resources: v.optional(v.nullable(v.array(RESOURCE)), []),
  }),
});

/** Where a valibot issue points: `deployment.resources[3].urn`. */
function pathOf(issue: v.BaseIssue<unknown>): string {
  const keys = issue.path ?? [];
  return keys.reduce<string>(
    (path, item) =>
      typeof item.key === "number"
        ? `${path}[${item.key}]`
        : path === ""
          ? String(item.key)
          : `${path}.${String(item.key)}`,
    "",
  );
}

/** The stack and project a URN names: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function urnStackAndProject(urn: string): { stack: string; project: string } | undefined {
  const match = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(urn);
  return match === null ? undefined : { stack: match[1]!, project: match[2]! };
}

/** Parses an exported state from its text. */
export function parseState(file: string, text: string): DeployedState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const truncated = /end of (JSON )?input|unterminated/i.test(reason);
    throw new StateFileError(
      file,
      truncated
        ? `is not complete JSON (${reason}): the file looks truncated. Export it again with \`pulumi stack export --file <file>\`.`
        : `is not JSON (${reason}). Give the file \`pulumi stack export --file <file>\` writes.`,
    );
  }
  const version =
    typeof json === "object" && json !== null && "version" in json ? json.version : undefined;
  if (typeof version !== "number" || !Number.isInteger(version)) {
    throw new StateFileError(
      file,
      "has no deployment version: it is not what `pulumi stack export` writes (an object with `version` and `deployment`).",
    );
  }
  if (!STATE_VERSIONS.includes(version)) {
    const which = version < 3 ? "an older" : "a newer";
    throw new StateFileError(
      file,
      `is deployment version ${version}, ${which} format than this Wissel reads (${STATE_VERSIONS.join(" and ")}). Export it with a current Pulumi CLI (\`pulumi stack export --file <file>\`).`,
    );
  }
  const parsed = v.safeParse(DEPLOYMENT, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new StateFileError(
      file,
      `is not a deployment of version ${version}: ${pathOf(issue) || "the file"} ${issue.message}.`,
    );
  }
  const resources = parsed.output.deployment.resources ?? [];
  const identity = resources.map((resource) => urnStackAndProject(resource.urn)).find(Boolean);
  return {
    file,
    version,
    features: parsed.output.features,
    resources,
    ...(identity === undefined ? {} : identity),
  };
}

/** Reads and parses an exported state file. */
export function readState(file: string): DeployedState {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StateFileError(
      file,
      code === "ENOENT"
        ? "does not exist. Write it with `pulumi stack export --stack <stack> --file <file>`."
        : `cannot be read (${code ?? String(error)}).`,
    );
  }
  return parseState(file, text);
}
