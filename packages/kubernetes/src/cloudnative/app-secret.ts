/** The app Secret of a CloudNativePG database: its keys, the generated password and the bootstrap SQL. */
import { randomBytes } from "node:crypto";
import { DEFAULT_MAX_CONNECTIONS, postgresSetupSql, type PostgresSpec } from "@wissel/core";

/** The keys of the Secret holding the app role's password and the bootstrap SQL. */
export const APP_SECRET_KEYS = {
  username: "username",
  password: "password",
  serverSql: "server.sql",
  databaseSql: "database.sql",
} as const;

/** A fresh password: 32 characters from 24 random bytes, URL-safe so the URI needs no escaping. */
export function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * The `stringData` of the app Secret: the role's credentials, and core's SQL for the bootstrap, by
 * where it runs (`server.sql` in `postgres`, `database.sql` in the app's database). Extensions are
 * left to the Database resource, which also applies ones added later.
 */
export function appSecretData(
  spec: Pick<PostgresSpec, "databaseName" | "appRole">,
  password: string,
): Record<string, string> {
  const sql = postgresSetupSql(
    { databaseName: spec.databaseName, appRole: spec.appRole, extensions: [] },
    { password, maxConnections: DEFAULT_MAX_CONNECTIONS },
  );
  return {
    [APP_SECRET_KEYS.username]: spec.appRole,
    [APP_SECRET_KEYS.password]: password,
    [APP_SECRET_KEYS.serverSql]: `${sql.server.join("\n")}\n`,
    [APP_SECRET_KEYS.databaseSql]: `${sql.database.join("\n")}\n`,
  };
}
