/** The field shapes `wissel:kubernetes` declares its settings with: Kubernetes names, endpoints, strings. */
import { parseHttpsEndpoint, setting, v, type SettingInfo } from "@wissel/core";

export const LABEL =
  "DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63";
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** DNS-1123 subdomain: dot-separated DNS-1123 labels, at most 253 characters. */
export const isDns1123Subdomain = (value: string): boolean =>
  value.length <= 253 && SUBDOMAIN.test(value);

/** What a kubeconfig's contents (rather than a path to one) look like. */
export function looksLikeKubeconfigContents(value: string): boolean {
  return /[\r\n]/.test(value) || /^\s*[{[]/.test(value) || /^\s*apiVersion\s*:/.test(value);
}

/** A non-empty string; `what` completes the rule. */
export function nonEmpty(what: string) {
  const rule = `must be a non-empty string: ${what}`;
  return v.pipe(
    v.string(rule),
    v.check((value) => value.trim() !== "", rule),
  );
}

/**
 * A Kubernetes name (or label) of one shape: `rule` says which. A required one (with `what`) first
 * says that it must be a non-empty string.
 */
export function kubeName(check: (value: string) => boolean, rule: string, info: SettingInfo) {
  return setting(
    v.pipe(info.what !== undefined ? nonEmpty(info.what) : v.string(rule), v.check(check, rule)),
    info,
  );
}

type EndpointProblem = Exclude<ReturnType<typeof parseHttpsEndpoint>, { ok: true }>;

/** An https URL, normalised to `https://host[:port]` (and the path, where allowed, without a trailing slash). */
export function httpsEndpoint(
  path: "allowed" | "forbidden",
  rule: (problem: EndpointProblem) => string,
  info: SettingInfo & { readonly what: string },
) {
  return setting(
    v.pipe(
      nonEmpty(info.what),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const checked = parseHttpsEndpoint(dataset.value, { path });
        if (checked.ok)
          return `https://${checked.url.host}${path === "allowed" ? checked.url.pathname.replace(/\/+$/, "") : ""}`;
        addIssue({ message: rule(checked) });
        return NEVER;
      }),
    ),
    info,
  );
}

/**
 * The value without its keys set to undefined (a stack file can hold none; a program's object can),
 * its keys in the given order.
 */
export function defined<T extends object>(
  value: T,
  order: readonly string[] = Object.keys(value),
): T {
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    order.filter((key) => record[key] !== undefined).map((key) => [key, record[key]]),
  ) as T;
}
