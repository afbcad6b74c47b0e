/**
 * The one checker of https endpoints in settings (S3 endpoints, API server URLs, OIDC issuers), on
 * the WHATWG URL parser. WHATWG accepts port 0, which nothing listens on, and refuses ports above
 * 65535 with the same error as any garbage; this names both.
 */

export type EndpointProblem = "syntax" | "port" | "scheme" | "credentials" | "query" | "path";

export type EndpointResult =
  | { readonly ok: true; readonly url: URL }
  | {
      readonly ok: false;
      readonly problem: EndpointProblem;
      readonly rule: string;
      readonly url?: URL;
    };

export interface EndpointOptions {
  /** Whether a path may follow the host: API servers behind a proxy have one; S3 endpoints may not. */
  readonly path: "allowed" | "forbidden";
  /** Whether a query string may follow (an OIDC issuer may carry none either way). */
  readonly query?: "allowed" | "forbidden";
}

/** The port as written, before WHATWG normalizes or refuses it: `https://h:0` → "0". */
const WRITTEN_PORT =
  /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\\]*@)?(?:\[[^\]]*\]|[^:/?#\\]*)(?::([^/?#\\]*))?/i;

/** The highest TCP port. */
export const MAX_PORT = 65_535;

/** Checks that a value is an absolute https URL to a real port, with the parts `options` allow. */
export function parseHttpsEndpoint(value: string, options: EndpointOptions): EndpointResult {
  const port = WRITTEN_PORT.exec(value.trim())?.[1];
  if (
    port !== undefined &&
    port !== "" &&
    (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > MAX_PORT)
  ) {
    return {
      ok: false,
      problem: "port",
      rule: `must have a port from 1 to ${MAX_PORT}, or none for 443 (port ${port} cannot be connected to)`,
    };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      ok: false,
      problem: "syntax",
      rule: "must be an absolute https URL such as https://host.example.nl",
    };
  }
  if (url.protocol !== "https:")
    return { ok: false, problem: "scheme", rule: "must use https", url };
  if (url.hostname === "")
    return {
      ok: false,
      problem: "syntax",
      rule: "must be an absolute https URL such as https://host.example.nl",
    };
  if (url.username !== "" || url.password !== "")
    return { ok: false, problem: "credentials", rule: "must not carry credentials", url };
  if (url.hash !== "" || (options.query !== "allowed" && url.search !== ""))
    return { ok: false, problem: "query", rule: "must not carry a query or fragment", url };
  if (options.path === "forbidden" && url.pathname !== "/" && url.pathname !== "")
    return { ok: false, problem: "path", rule: "must not carry a path", url };
  return { ok: true, url };
}
