/**
 * Adapter settings as schemas. Each adapter declares `wissel:<target>` once, with valibot: the
 * TypeScript type, the defaults and the checks come from that one declaration, and so do the
 * messages. Valibot because it is built to be tree-shaken: the build inlines into core's bundle only
 * the functions the schemas use (`./valibot`), where the larger libraries load scores of modules for
 * the same checks.
 *
 * What a message says of a setting that the schema alone cannot (what it is, an example value, the
 * fix) is attached with `setting()`, and found again by the path in `parseSettings`.
 */
import * as v from "./valibot";
import type { ConfigPathSegment } from "../config-path";
import { closest } from "../validate";

export { v };

/** How the fix of an issue on one setting is phrased. */
export interface FixContext {
  /** The setting's config path: `wissel:scaleway.oidc.issuerUrl`. */
  readonly field: string;
  /** The `pulumi config set --path` command for this setting, with the given value (or its example). */
  readonly command: (value?: string) => string;
  /** The value received, for fixes that depend on it. Never quote it when the setting is secret. */
  readonly input: unknown;
  /** The whole settings value received, for fixes that depend on another setting. */
  readonly root: unknown;
}

/** What messages say of one setting beyond its schema. */
export interface SettingInfo {
  /** What the setting is, for "is required: <what>". */
  readonly what?: string;
  /** A value to show in the fix command. */
  readonly example?: string;
  /** The fix, when "Run <the config set command>." is not enough. */
  readonly fix?: string | ((context: FixContext) => string);
  /** The value is a credential: never shown, and set with `--secret`. */
  readonly secret?: boolean;
}

const INFO = "wissel";

/**
 * The fix of a setting that must be one of `known` (a region): "Did you mean …?" with the command
 * for the closest known value, or the command with the example when none is close.
 */
export function closestFix(known: readonly string[]): (context: FixContext) => string {
  return ({ input, command }) => {
    const guess = typeof input === "string" && input !== "" ? closest(input, known) : undefined;
    return guess !== undefined
      ? `Did you mean ${guess}? Run ${command(guess)}.`
      : `Run ${command()}.`;
  };
}

/** A schema with what messages say of it. */
export function setting<const S extends v.GenericSchema>(schema: S, info: SettingInfo) {
  return v.pipe(schema, v.metadata({ [INFO]: info }));
}

type AnySchema = v.GenericSchema & {
  readonly wrapped?: AnySchema;
  readonly pipe?: readonly { readonly type: string; readonly metadata?: Record<string, unknown> }[];
  readonly entries?: Record<string, AnySchema>;
  readonly item?: AnySchema;
  readonly value?: AnySchema;
  readonly items?: readonly AnySchema[];
};

function ownInfo(schema: AnySchema): SettingInfo | undefined {
  const metadata = schema.pipe?.find((action) => action.type === "metadata")?.metadata;
  return metadata?.[INFO] as SettingInfo | undefined;
}

/**
 * A schema with its wrappers (optional, pipes) taken off, and the info declared on any of them; the
 * outermost declaration wins field by field, so a setting can refine a shared fragment's info.
 */
function unwrap(schema: AnySchema): { schema: AnySchema; info: SettingInfo | undefined } {
  let current = schema;
  let info: SettingInfo | undefined;
  for (;;) {
    const own = ownInfo(current);
    if (own !== undefined) info = { ...own, ...info };
    const first = current.pipe?.[0] as AnySchema | undefined;
    if (current.wrapped !== undefined) current = current.wrapped;
    else if (first !== undefined && first !== current && first.kind === "schema") current = first;
    else return { schema: current, info };
  }
}

/** The info of the setting at a path, and the keys its parent object knows (for "did you mean"). */
export function describeAt(
  root: v.GenericSchema,
  path: readonly ConfigPathSegment[],
): { info: SettingInfo | undefined; siblings: readonly string[] } {
  let { schema, info } = unwrap(root as AnySchema);
  let siblings: readonly string[] = [];
  for (const segment of path) {
    siblings = schema.entries !== undefined ? Object.keys(schema.entries) : [];
    let next: AnySchema | undefined;
    if (schema.entries !== undefined) next = schema.entries[String(segment)];
    else if (schema.item !== undefined) next = schema.item;
    else if (schema.items !== undefined) next = schema.items[Number(segment)];
    else if (schema.type === "record") next = schema.value;
    if (next === undefined) return { info: undefined, siblings };
    ({ schema, info } = unwrap(next));
  }
  return { info, siblings };
}
