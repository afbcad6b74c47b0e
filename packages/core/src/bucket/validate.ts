/** Validation and defaults of `BucketArgs`, as pure functions. */
import { Issues } from "../errors";
import {
  checkKnownKeys,
  dataHandling,
  isPlainObject,
  optionalBoolean,
  optionalInteger,
} from "../validate";
import { CORS_METHODS, type BucketSpec, type CorsMethod, type CorsRuleSpec } from "./contract";

const BUCKET_ARG_KEYS = [
  "versioning",
  "expireAfterDays",
  "cors",
  "classification",
  "allowDataLoss",
];
const CORS_RULE_KEYS = [
  "allowedOrigins",
  "allowedMethods",
  "allowedHeaders",
  "exposedHeaders",
  "maxAgeSeconds",
];

/** 100 rules is the S3 limit; vendors with lower limits check their own. */
export const MAX_CORS_RULES = 100;
/** Preflight caching beyond a day buys nothing: browsers cap it at 2 h (Chromium) or 24 h (Firefox). */
export const MAX_CORS_MAX_AGE_SECONDS = 86_400;
/** Default preflight cache: an hour keeps preflights rare without pinning a changed rule for long. */
export const DEFAULT_CORS_MAX_AGE_SECONDS = 3_600;
/** A century: longer is a typo, and some vendors cap lifecycle days. */
export const MAX_EXPIRE_AFTER_DAYS = 36_500;

const ORIGIN =
  /^(?<scheme>https?):\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(?::(?<port>\d+))?$/;
/** The port a browser leaves out of the Origin header, by scheme. */
const DEFAULT_PORTS: Record<string, string> = { http: "80", https: "443" };
const HEADER = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * Validates and defaults the arguments of a bucket. Throws a WisselError listing every problem.
 * @param subject how messages name the resource, e.g. `Bucket "uploads"`
 */
export function validateBucketArgs(args: unknown, subject: string): BucketSpec {
  const issues = new Issues(subject);
  if (args !== undefined && !isPlainObject(args)) {
    issues.add(
      "args",
      args,
      "must be an object",
      "Pass an object such as { versioning: true }, or nothing.",
    );
    issues.throwIfAny();
  }
  const raw = (args ?? {}) as Record<string, unknown>;
  checkKnownKeys(issues, raw, BUCKET_ARG_KEYS, "", "Bucket");

  const versioning = optionalBoolean(issues, "versioning", raw["versioning"], false);
  const expireAfterDays = optionalInteger(
    issues,
    "expireAfterDays",
    raw["expireAfterDays"],
    { min: 1, max: MAX_EXPIRE_AFTER_DAYS, unit: "days" },
    "Set expireAfterDays to the number of days to keep each object, or leave it out to keep objects until deleted.",
  );
  const cors = validateCors(issues, raw["cors"]);
  const { classification, allowDataLoss } = dataHandling(issues, raw);

  issues.throwIfAny();
  return {
    versioning,
    ...(expireAfterDays !== undefined ? { expireAfterDays } : {}),
    cors,
    classification,
    allowDataLoss,
  };
}

function validateCors(issues: Issues, value: unknown): CorsRuleSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add(
      "cors",
      value,
      "must be a list of CORS rules",
      "Pass cors: [{ allowedOrigins: [...], allowedMethods: [...] }], or leave it out.",
    );
    return [];
  }
  if (value.length > MAX_CORS_RULES) {
    issues.add(
      "cors",
      `${value.length} rules`,
      `must hold at most ${MAX_CORS_RULES} rules`,
      "Merge rules that share origins or methods.",
    );
  }
  return value.flatMap((rule, index) => {
    const spec = validateCorsRule(issues, rule, `cors[${index}]`);
    return spec === undefined ? [] : [spec];
  });
}

function validateCorsRule(issues: Issues, rule: unknown, path: string): CorsRuleSpec | undefined {
  if (!isPlainObject(rule)) {
    issues.add(
      path,
      rule,
      "must be an object with allowedOrigins and allowedMethods",
      `Write ${path} as { allowedOrigins: ["https://app.example.nl"], allowedMethods: ["GET"] }.`,
    );
    return undefined;
  }
  checkKnownKeys(issues, rule, CORS_RULE_KEYS, `${path}.`, "a CORS rule");

  const allowedOrigins = stringList(issues, `${path}.allowedOrigins`, rule["allowedOrigins"], true);
  for (const [i, origin] of allowedOrigins.entries()) {
    const problem = originProblem(origin);
    if (problem !== undefined) {
      issues.add(`${path}.allowedOrigins[${i}]`, origin, problem.rule, problem.fix);
    }
  }

  const methods = stringList(issues, `${path}.allowedMethods`, rule["allowedMethods"], true);
  for (const [i, method] of methods.entries()) {
    if (!(CORS_METHODS as readonly string[]).includes(method)) {
      issues.add(
        `${path}.allowedMethods[${i}]`,
        method,
        `must be one of ${CORS_METHODS.join(", ")}`,
        "Use the method name in capitals; OPTIONS preflights are answered by the rule itself.",
      );
    }
  }
  if (new Set(methods).size !== methods.length) {
    issues.add(
      `${path}.allowedMethods`,
      methods,
      "must not repeat a method",
      "List each method once.",
    );
  }

  const allowedHeaders = headerList(issues, `${path}.allowedHeaders`, rule["allowedHeaders"], true);
  const exposedHeaders = headerList(
    issues,
    `${path}.exposedHeaders`,
    rule["exposedHeaders"],
    false,
  );
  const maxAgeSeconds =
    optionalInteger(
      issues,
      `${path}.maxAgeSeconds`,
      rule["maxAgeSeconds"],
      { min: 0, max: MAX_CORS_MAX_AGE_SECONDS, unit: "seconds" },
      `Set ${path}.maxAgeSeconds to at most ${MAX_CORS_MAX_AGE_SECONDS} (browsers cap preflight caching), or leave it out (default ${DEFAULT_CORS_MAX_AGE_SECONDS}).`,
    ) ?? DEFAULT_CORS_MAX_AGE_SECONDS;

  return {
    allowedOrigins,
    allowedMethods: methods.filter((m): m is CorsMethod =>
      (CORS_METHODS as readonly string[]).includes(m),
    ),
    allowedHeaders,
    exposedHeaders,
    maxAgeSeconds,
  };
}

/**
 * Why a browser would never send this origin, or undefined when it could. A browser sends a scheme
 * and host, and a port only when it is not the scheme's default; every vendor accepts at most one
 * wildcard, as a leading `*.` label (Azure accepts none but `*`, and says so itself).
 */
function originProblem(origin: string): { rule: string; fix: string } | undefined {
  if (origin === "*") return undefined;
  const fix = "Write the origin exactly as the browser sends it, without a trailing slash or path.";
  const match = ORIGIN.exec(origin);
  if (match === null || origin.split("*").length > 2) {
    return {
      rule: "must be * or a scheme and host such as https://app.example.nl (lowercase, optional port, no path, at most one leading *. wildcard)",
      fix,
    };
  }
  const { scheme, port } = match.groups as { scheme: string; port?: string };
  if (port === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(port) || Number(port) > 65535) {
    return {
      rule: "must have a port from 1 to 65535 without leading zeros: no browser sends another",
      fix,
    };
  }
  if (DEFAULT_PORTS[scheme] === port) {
    return {
      rule: `must leave out :${port}: the browser omits the default port of ${scheme}, so this origin would never match`,
      fix: `Write ${origin.replace(`:${port}`, "")}.`,
    };
  }
  return undefined;
}

function stringList(issues: Issues, field: string, value: unknown, required: boolean): string[] {
  if (value === undefined && !required) return [];
  if (!Array.isArray(value) || (required && value.length === 0)) {
    issues.add(
      field,
      value,
      required ? "must be a non-empty list of strings" : "must be a list of strings",
      `Set ${field} to a list such as ["..."].`,
    );
    return [];
  }
  const strings: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === "string" && item.length > 0) strings.push(item);
    else
      issues.add(
        `${field}[${i}]`,
        item,
        "must be a non-empty string",
        `Replace ${field}[${i}] with a string.`,
      );
  });
  return strings;
}

function headerList(
  issues: Issues,
  field: string,
  value: unknown,
  wildcardAllowed: boolean,
): string[] {
  const headers = stringList(issues, field, value, false);
  headers.forEach((header, i) => {
    // Allowed headers may be `*` or end in one `*` prefix wildcard (`x-amz-meta-*`), the only form
    // every vendor accepts (S3 allows one `*` anywhere, Azure only at the end); exposed headers none.
    const name = wildcardAllowed ? header.replace(/\*$/, "") : header;
    const valid = header === "*" ? wildcardAllowed : HEADER.test(name) && !name.includes("*");
    if (!valid) {
      issues.add(
        `${field}[${i}]`,
        header,
        wildcardAllowed
          ? "must be an HTTP header name, a prefix ending in one * (x-amz-meta-*), or *"
          : "must be an HTTP header name (a wildcard cannot expose headers)",
        "Write the header name alone, such as x-request-id.",
      );
    }
  });
  return headers;
}
