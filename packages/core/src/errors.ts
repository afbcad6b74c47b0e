/**
 * One error type for everything Wissel rejects. Every issue names where it happened (the block and
 * resource, or the stack config key), the field, the value received, the rule it broke and the fix.
 * Values are shown through `showValue`, the one place that keeps secrets out of messages.
 */
import { RedactedValue, describeKind, describeValue, mustHide, redactValue } from "./redact";

export { describeKind } from "./redact";

/** One rejected input. */
export interface Issue {
  /** What the issue is about: `Bucket "uploads"`, or `stack config` for config keys. */
  readonly subject: string;
  /** The argument or config key, as the user writes it: `expireAfterDays`, `cors[0].allowedMethods`, `wissel:target`. */
  readonly field: string;
  /** The value received (`undefined` when a required value is missing). */
  readonly value: unknown;
  /** The rule, phrased to follow the field: `must be a whole number of days from 1 to 36500`. */
  readonly rule: string;
  /** What to do about it, as a full sentence. */
  readonly fix: string;
  /**
   * The value must never be shown, only its kind and size: a secret field, or a key the contract does
   * not know (whose value may be anything, a pasted credential included). Fields named like secrets
   * and values shaped like them are hidden without it.
   */
  readonly secret?: boolean;
}

/** Options of `Issues.add`. */
export interface IssueOptions {
  /** See `Issue.secret`. */
  readonly secret?: boolean;
}

/**
 * Renders a received value for a message: strings quoted, objects as JSON, secrets never shown. A
 * value under a secret field (`field` naming a password, token, key…), marked `secret`, or shaped
 * like a secret is described by kind and size; secrets nested in objects are replaced the same way,
 * and a URL's password is masked.
 */
export function showValue(value: unknown, field = "", secret = false): string {
  if (value === undefined) return "nothing";
  if (value instanceof RedactedValue) return `${value.description}, not shown`;
  if (secret || mustHide(field, value)) return `${describeValue(value)}, not shown`;
  const kind = describeKind(value);
  if (kind !== undefined) return kind;
  const safe = redactValue(value);
  if (typeof safe === "string") return JSON.stringify(safe);
  if (typeof safe === "number" || typeof safe === "boolean" || safe === null) return String(safe);
  try {
    const json = JSON.stringify(safe) ?? describeValue(safe);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return describeValue(safe);
  }
}

/** Formats one issue as the sentence users read. */
export function formatIssue(issue: Issue): string {
  return `${issue.subject}: ${issue.field} ${issue.rule} (received ${showValue(issue.value, issue.field, issue.secret === true)}). ${issue.fix}`;
}

/** The issue as a thrown error keeps it: a hidden value replaced by its description, nested secrets redacted. */
function safeIssue(issue: Issue): Issue {
  if (issue.value === undefined || issue.value instanceof RedactedValue) return issue;
  if (issue.secret === true || mustHide(issue.field, issue.value))
    return { ...issue, value: new RedactedValue(describeValue(issue.value)), secret: true };
  return { ...issue, value: redactValue(issue.value) };
}

/**
 * Thrown by the pure validators and by config parsing. Components turn it into a
 * `pulumi.ResourceError` before anything is registered.
 */
export class WisselError extends Error {
  override readonly name = "WisselError";
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    if (issues.length === 0) throw new Error("WisselError needs at least one issue");
    const safe = issues.map(safeIssue);
    super(safe.map(formatIssue).join("\n"));
    this.issues = safe;
  }

  /** True for a WisselError from any copy of this package. */
  static isInstance(value: unknown): value is WisselError {
    return (
      value instanceof Error &&
      value.name === "WisselError" &&
      Array.isArray((value as { issues?: unknown }).issues)
    );
  }
}

/** Collects issues while validating, then throws them together. */
export class Issues {
  private readonly list: Issue[] = [];
  constructor(private readonly subject: string) {}

  add(field: string, value: unknown, rule: string, fix: string, options: IssueOptions = {}): void {
    this.list.push({
      subject: this.subject,
      field,
      value,
      rule,
      fix,
      ...(options.secret === true ? { secret: true } : {}),
    });
  }

  get count(): number {
    return this.list.length;
  }

  /** Throws a WisselError carrying every issue added, if there is any. */
  throwIfAny(): void {
    if (this.list.length > 0) throw new WisselError(this.list);
  }
}
