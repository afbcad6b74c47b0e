/** The PostgreSQL connection URI every adapter's binding carries, written one way. */
import { parseIpAddress } from "../net";
import type { PostgresBinding } from "./contract";

/**
 * `postgresql://user:password@host:port/database?sslmode=…`: user, password and database
 * percent-encoded, an IPv6 host in brackets (libpq's URI rules).
 */
export function postgresUri(
  parts: Pick<PostgresBinding, "user" | "password" | "host" | "port" | "database" | "sslmode">,
): string {
  const ip = parseIpAddress(parts.host);
  const host = ip.ok && ip.address.kind() === "ipv6" ? `[${parts.host}]` : parts.host;
  const credentials = `${encodeURIComponent(parts.user)}:${encodeURIComponent(parts.password)}`;
  return `postgresql://${credentials}@${host}:${parts.port}/${encodeURIComponent(parts.database)}?sslmode=${parts.sslmode}`;
}
