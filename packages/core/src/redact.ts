/**
 * What an error message may show of a received value. Messages end up in CI logs, chat and issue
 * trackers, so a value is never shown when its key names a secret, when it looks like one (a private
 * key, a JWT, a kubeconfig with credentials, a long random string), or when the issue says so (unknown
 * keys, secret fields). Such a value is described by its kind and size instead: `a string of 40 characters`.
 */

/**
 * Key names (any segment of a field path, any case) whose values are secret. Separators are ignored,
 * so `secret_key`, `secret-key` and `secretKey` all match.
 */
const SECRET_KEY =
  /pass(?:word|phrase|wd)|pwd|secret|token|apikey|accesskey|privatekey|clientkey|signingkey|credential|kubeconfig|seed$|sessionkey|bearer|cookie/i;

/** Whether a key or field path names a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.replace(/[-_\s]/g, ""));
}

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/;
/** A kubeconfig (or any YAML/JSON) carrying a credential field. */
const CREDENTIAL_FIELD =
  /["']?\b(?:token|client-key-data|client-key|password|id-token|refresh-token|auth-provider)["']?\s*:/i;
/** Well-known vendor key shapes: Scaleway and AWS access keys, GitHub and Slack tokens. */
const VENDOR_KEY =
  /\b(?:SCW[A-Z0-9]{17}|AKIA[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,})\b/;
/** Runs of characters random secrets are made of (base64, base64url, hex, alphanumerics). */
const RUN = /[A-Za-z0-9+/=_-]{20,}/g;

/** Shannon entropy of a string, in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

/** A run of random-looking characters: mixed case and digits with high entropy, or long hex. */
function isRandomRun(run: string): boolean {
  if (/^[0-9a-f]{32,}$/i.test(run) && /[0-9]/.test(run) && /[a-f]/i.test(run)) return true;
  if (!/[a-z]/.test(run) || !/[A-Z]/.test(run) || !/[0-9]/.test(run)) return false;
  return entropy(run) >= 3.5;
}

/** Whether a string looks like a secret by its shape alone. */
export function looksSecret(value: string): boolean {
  if (PRIVATE_KEY_BLOCK.test(value) || JWT.test(value) || VENDOR_KEY.test(value)) return true;
  // A multi-line value with a credential field: a kubeconfig, a .env file, a service-account JSON.
  if (/[\r\n{]/.test(value) && CREDENTIAL_FIELD.test(value)) return true;
  // Certificates are public; their base64 lines would otherwise look random.
  const text = value.replace(
    /-----BEGIN CERTIFICATE-----[\s\S]*?(-----END CERTIFICATE-----|$)/g,
    "",
  );
  for (const match of text.matchAll(RUN)) {
    const run = match[0];
    // A path (`/subscriptions/…/resourceGroups/…`) is judged segment by segment.
    const parts = run.startsWith("/") ? run.split("/").filter((p) => p.length >= 20) : [run];
    if (parts.some(isRandomRun)) return true;
  }
  return false;
}

/** A URL's password, replaced: `https://user:pass@host` becomes `https://user:***@host`. */
function withoutUrlPassword(value: string): string {
  return value.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]*@/gi, "$1:***@");
}

/** What a value is, without its content: `a string of 40 characters`, `a list of 3 items`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string")
    return `a string of ${value.length} character${value.length === 1 ? "" : "s"}`;
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object") {
    const n = Object.keys(value).length;
    return `an object with ${n} key${n === 1 ? "" : "s"}`;
  }
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return `a ${typeof value}`;
}

const HIDDEN = (value: unknown): string => `<${describeValue(value)}, not shown>`;

/**
 * What a hidden value is replaced with in a thrown error's issues: its description only, so neither
 * the message nor code that logs `error.issues` can show it.
 */
export class RedactedValue {
  constructor(readonly description: string) {}
  toJSON(): string {
    return `<${this.description}, not shown>`;
  }
  toString(): string {
    return this.toJSON();
  }
}

/**
 * A copy of a value that is safe to print: strings that look secret and everything under a secret
 * key replaced by a description, URL passwords masked. Depth-limited, and safe on cycles.
 */
export function redactValue(value: unknown, depth = 0, seen: Set<object> = new Set()): unknown {
  if (typeof value === "string")
    return looksSecret(value) ? HIDDEN(value) : withoutUrlPassword(value);
  const kind = describeKind(value);
  if (kind !== undefined) return new RedactedValue(kind);
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value) || depth > 8) return HIDDEN(value);
  seen.add(value);
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    copy[key] = isSecretKey(key) ? HIDDEN(item) : redactValue(item, depth + 1, seen);
  return copy;
}

/**
 * Whether a value must be shown only by its kind and size: under a secret field, or itself secret
 * by shape.
 */
export function mustHide(field: string, value: unknown): boolean {
  return isSecretKey(field) || (typeof value === "string" && looksSecret(value));
}

/**
 * Names a value that is not plain data (`a Map`, `an Output`, `a function`, `an instance of Namespace`),
 * or undefined for strings, numbers, arrays and plain objects. Such a value is never serialised into
 * a message: its JSON is `{}` at best, and a class instance may hold credentials.
 */
export function describeKind(value: unknown): string | undefined {
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "bigint") return "a bigint";
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === null || Object.getPrototypeOf(prototype) === null) return undefined;
  if ((value as { __pulumiOutput?: unknown }).__pulumiOutput === true) return "an Output";
  const name = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof name !== "string" || name === "") return "an instance of a class";
  return BUILT_INS.has(name) ? `a ${name}` : `an instance of ${name}`;
}

const BUILT_INS = new Set([
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "Date",
  "Promise",
  "RegExp",
  "Buffer",
  "URL",
]);
