/**
 * Parses an adapter's `wissel:<target>` with its schema, and turns every problem into an issue of
 * ours: the config path, the value (hidden where secret or unknown), the rule, and the fix, by
 * default the `pulumi config set --path` command with the setting's example.
 */
import { configPath, configSetCommand, type ConfigPathSegment } from "../config-path";
import { WisselError, type Issue } from "../errors";
import { closest, isPlainObject } from "../validate";
import { describeAt, v, type SettingInfo } from "./schema";

const SUBJECT = "stack config";

/** Valibot's own messages start so; ours never do. */
const DEFAULT_MESSAGE = /^Invalid (type|key|length|value|format|entries|option):/;

/** The rule for a type mismatch, in the words of the other messages. */
function typeRule(expected: string | null): string {
  switch (expected) {
    case "string":
      return "must be a string";
    case "number":
      return "must be a number";
    case "boolean":
      return "must be true or false";
    case "Object":
    case "object":
      return "must be an object";
    case "Array":
      return "must be a list";
    default:
      return expected === null ? "is not valid" : `must be ${expected.split(" | ").join(", or ")}`;
  }
}

function fixOf(
  info: SettingInfo | undefined,
  field: string,
  command: (value?: string) => string,
  input: unknown,
  root: unknown,
): string {
  const fix = info?.fix;
  if (typeof fix === "function") return fix({ field, command, input, root });
  if (typeof fix === "string") return fix;
  return `Run ${command()}.`;
}

/** One issue of ours for one valibot issue. */
function toIssue(
  schema: v.GenericSchema,
  key: string,
  issue: v.BaseIssue<unknown>,
  root: unknown,
): Issue {
  const path: ConfigPathSegment[] = (issue.path ?? []).map((item) =>
    typeof item.key === "number" ? item.key : String(item.key),
  );
  const field = configPath(key, path);
  const { info, siblings } = describeAt(schema, path);
  const command = (value?: string): string =>
    configSetCommand(key, path, value ?? info?.example ?? "<value>", {
      secret: info?.secret === true,
    });
  const last = issue.path?.[issue.path.length - 1];

  if (issue.type === "strict_object" && issue.expected === "never") {
    const parent = path.slice(0, -1);
    const guess = closest(String(path[path.length - 1]), siblings);
    return {
      subject: SUBJECT,
      field,
      value: last?.value,
      rule: `is not a setting of ${configPath(key, parent)}`,
      fix:
        guess !== undefined
          ? `Did you mean ${configPath(key, [...parent, guess])}?`
          : `Remove it; the settings are: ${siblings.join(", ")}.`,
      // An unknown key's value may be anything, a pasted credential included: never shown.
      secret: true,
    };
  }
  const missing = issue.received === "undefined" && issue.input === undefined;
  // A check on an object forwarded to one of its keys carries the object as input: show the key's value.
  const forwarded =
    last !== undefined &&
    typeof issue.input === "object" &&
    issue.input !== null &&
    (issue.input as Record<PropertyKey, unknown>)[last.key as PropertyKey] === last.value;
  const input = forwarded ? last.value : issue.input;
  const rule = missing
    ? `is required${info?.what !== undefined ? `: ${info.what}` : ""}`
    : DEFAULT_MESSAGE.test(issue.message)
      ? typeRule(issue.expected)
      : issue.message;
  return {
    subject: SUBJECT,
    field,
    value: missing ? undefined : input,
    rule,
    fix: fixOf(info, field, command, input, root),
    ...(info?.secret === true ? { secret: true } : {}),
  };
}

/**
 * Parses `raw` (undefined when the stack sets nothing) with an adapter's settings schema. Throws one
 * WisselError naming every problem at once, one per setting.
 * @param key the config key, `wissel:scaleway`
 * @param shape what the whole value must be, for a value that is no object: `an object with region and projectId`
 */
export function parseSettings<const S extends v.GenericSchema>(
  schema: S,
  raw: unknown,
  key: string,
  shape: string,
): v.InferOutput<S> {
  if (raw !== undefined && !isPlainObject(raw)) {
    const { info } = describeAt(schema, []);
    const command = (value?: string): string => configSetCommand(key, [], value ?? "<value>");
    throw new WisselError([
      {
        subject: SUBJECT,
        field: key,
        value: raw,
        rule: `must be ${shape}`,
        fix: fixOf(info, key, command, raw, raw),
      },
    ]);
  }
  const result = v.safeParse(schema, raw ?? {}, { abortEarly: false });
  if (result.success) return result.output;
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const issue of result.issues) {
    const mapped = toIssue(schema, key, issue, raw);
    if (seen.has(mapped.field)) continue;
    seen.add(mapped.field);
    issues.push(mapped);
  }
  throw new WisselError(issues);
}
