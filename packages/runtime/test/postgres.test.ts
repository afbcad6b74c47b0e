/**
 * The runtime's pg options against Debian's PostgreSQL, TLS-only with a CA generated per run (the
 * repository's PostgresServer harness): verify-full connects, and refuses a certificate that does
 * not name the host or that another CA signed.
 */
import { readFileSync } from "node:fs";
import { Client } from "pg";
import { bindingToEnv, postgresOptions, type PostgresBinding } from "@wissel/runtime";
import { PostgresServer } from "@wissel/testing";

jest.setTimeout(60_000);

let server: PostgresServer;
let binding: PostgresBinding;

beforeAll(async () => {
  server = await PostgresServer.start();
  await server.asAdmin(
    "postgres",
    "CREATE ROLE records_app LOGIN PASSWORD 'app-pass-0123456789'; CREATE DATABASE records OWNER records_app;",
  );
  binding = {
    host: "localhost",
    port: server.port,
    database: "records",
    user: "records_app",
    password: "app-pass-0123456789",
    sslmode: "verify-full",
    caCertificate: server.caCertificate,
    uri: `postgresql://records_app:app-pass-0123456789@localhost:${server.port}/records?sslmode=verify-full`,
  };
});

afterAll(async () => {
  await server?.stop();
});

async function sslInUse(options: ConstructorParameters<typeof Client>[0]): Promise<boolean> {
  const client = new Client(options);
  await client.connect();
  try {
    const result = await client.query<{ ssl: boolean }>(
      "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    );
    return result.rows[0]?.ssl === true;
  } finally {
    await client.end();
  }
}

async function refusal(options: ConstructorParameters<typeof Client>[0]): Promise<string> {
  const client = new Client(options);
  try {
    await client.connect();
    await client.end();
    return "connected";
  } catch (error) {
    return (error as Error).message;
  }
}

it("connects with verify-full over TLS from a binding object", async () => {
  const options = postgresOptions({ name: "records", binding });
  expect(options.ssl).toMatchObject({
    rejectUnauthorized: true,
    ca: server.caCertificate,
    servername: "localhost",
  });
  expect(await sslInUse(options)).toBe(true);
});

it("connects from the environment contract the same way", async () => {
  const env = bindingToEnv("postgres", "records", binding);
  expect(await sslInUse(postgresOptions("records", { env }))).toBe(true);
});

it("refuses a server whose certificate does not name the binding's host", async () => {
  const elsewhere = { ...binding, host: "records.wissel.test" };
  const message = await refusal(
    postgresOptions({ name: "records", binding: elsewhere }, { hostaddr: "127.0.0.1" }),
  );
  expect(message).toMatch(
    /Hostname\/IP does not match certificate's altnames.*records\.wissel\.test/,
  );
});

it("refuses a server certificate another CA signed", async () => {
  const otherCa = { ...binding, caCertificate: readFileSync(server.otherCaFile, "utf8") };
  const message = await refusal(postgresOptions({ name: "records", binding: otherCa }));
  expect(message).toMatch(/self[- ]signed|unable to verify|certificate/i);
  expect(message).not.toBe("connected");
});

it("verify-ca checks the CA but not the host, as libpq does", async () => {
  const elsewhere = { ...binding, host: "records.wissel.test", sslmode: "verify-ca" as const };
  expect(
    await sslInUse(
      postgresOptions({ name: "records", binding: elsewhere }, { hostaddr: "127.0.0.1" }),
    ),
  ).toBe(true);
});

it("refuses verify-full without a CA, naming the block and field", () => {
  expect(() =>
    postgresOptions({ name: "records", binding: { ...binding, caCertificate: "" } }),
  ).toThrow(
    'PostgresDatabase "records": caCertificate must hold the server\'s CA for sslmode verify-full; got an empty value.',
  );
});
