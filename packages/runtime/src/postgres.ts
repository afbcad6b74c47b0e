/**
 * `pg` connection options from a PostgreSQL binding, with libpq's `sslmode` semantics over Node's
 * TLS: `verify-full` trusts only the binding's CA and checks the server certificate against the host
 * name, `verify-ca` trusts only the CA, `require` encrypts without checking (only where the vendor
 * publishes no CA). No mode ever connects in plain text.
 */
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { readBinding, type Env } from "./contract/decode";
import { ContractError } from "./contract/errors";
import type { PostgresBinding } from "./contract/types";

/** The TLS part of the options, as `pg` passes it to `tls.connect`. */
export interface PostgresTlsOptions {
  readonly rejectUnauthorized: boolean;
  readonly ca?: string;
  readonly servername?: string;
  readonly checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined;
}

/** Options for `new pg.Client(options)` or `new pg.Pool(options)`. */
export interface PostgresOptions {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  readonly ssl: PostgresTlsOptions;
}

export interface PostgresOptionsOverrides {
  /**
   * Connect to this address instead of resolving the binding's host, and still check the
   * certificate against the host (libpq's `hostaddr`). @default - the binding's host
   */
  readonly hostaddr?: string;
  readonly env?: Env;
}

/** The block name to read from the environment, or the binding itself. */
export type PostgresSource = string | { readonly name: string; readonly binding: PostgresBinding };

export function postgresOptions(
  source: PostgresSource,
  overrides: PostgresOptionsOverrides = {},
): PostgresOptions {
  const name = typeof source === "string" ? source : source.name;
  const b =
    typeof source === "string"
      ? readBinding("postgres", source, overrides.env ?? process.env)
      : source.binding;
  const subject = `PostgresDatabase "${name}"`;
  if (b.sslmode !== "require" && b.caCertificate.trim() === "") {
    throw new ContractError([
      {
        subject,
        field: "caCertificate",
        shown: "an empty value",
        rule: `must hold the server's CA for sslmode ${b.sslmode}`,
        fix: "Republish the binding: the database block sets the CA with verify-full and verify-ca.",
      },
    ]);
  }
  const host = overrides.hostaddr ?? b.host;
  const base = { host, port: b.port, database: b.database, user: b.user, password: b.password };
  switch (b.sslmode) {
    case "verify-full":
      // The certificate must name the binding's host, also when connecting to another address.
      return {
        ...base,
        ssl: {
          rejectUnauthorized: true,
          ca: b.caCertificate,
          servername: b.host,
          checkServerIdentity: (_host, cert) => checkServerIdentity(b.host, cert),
        },
      };
    case "verify-ca":
      return {
        ...base,
        ssl: {
          rejectUnauthorized: true,
          ca: b.caCertificate,
          checkServerIdentity: () => undefined,
        },
      };
    case "require":
      return { ...base, ssl: { rejectUnauthorized: false } };
  }
}
