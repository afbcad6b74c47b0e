/**
 * The `pulumi config set --path` commands that fix messages suggest. Pulumi splits a path at every
 * dot and bracket (`ParsePropertyPath`), so a key such as `orders.v2` must be written `["orders.v2"]`;
 * this is the one place that renders such paths, so every adapter's fix text is a command that works.
 */

/** One step of a config path: a map key, or a list index. */
export type ConfigPathSegment = string | number;

/** Keys Pulumi reads without quoting: its `propertyName` grammar. */
const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** One segment as Pulumi's property path grammar reads it. */
function renderSegment(segment: ConfigPathSegment): string {
  if (typeof segment === "number") {
    if (!Number.isInteger(segment) || segment < 0)
      throw new Error(`a config path index must be a whole number from 0, not ${segment}`);
    return `[${segment}]`;
  }
  if (SIMPLE_KEY.test(segment)) return `.${segment}`;
  // Inside brackets Pulumi unescapes only \" (a backslash before anything else stays as it is).
  return `["${segment.replace(/"/g, '\\"')}"]`;
}

/**
 * A config path for `pulumi config set --path`: the config key (`wissel:azure`), then each segment,
 * dotted when it is a simple identifier, bracket-quoted otherwise, list indices as `[0]`.
 * `configPath("wissel:azure", ["postgresAppPasswords", "orders.v2"])` is
 * `wissel:azure.postgresAppPasswords["orders.v2"]`.
 */
export function configPath(key: string, segments: readonly ConfigPathSegment[] = []): string {
  return key + segments.map(renderSegment).join("");
}

/** Quotes a word for a POSIX shell, single quotes inside it included. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface ConfigSetOptions {
  /** Store the value encrypted (`--secret`). */
  readonly secret?: boolean;
  /** Wrap the command in backticks, for messages that mark commands as code. */
  readonly code?: boolean;
}

/**
 * The command that sets one value: `pulumi config set --path 'wissel:scaleway.region' nl-ams`.
 * @param value the value as the shell should see it, already quoted where it needs to be
 */
export function configSetCommand(
  key: string,
  segments: readonly ConfigPathSegment[],
  value: string,
  options: ConfigSetOptions = {},
): string {
  const command = `pulumi config set${options.secret === true ? " --secret" : ""} --path ${shellQuote(configPath(key, segments))} ${value}`;
  return options.code === true ? `\`${command}\`` : command;
}
