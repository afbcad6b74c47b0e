/**
 * The uploads service, run unchanged as its own process (main.ts) on each storage protocol: Azurite
 * (Azure Blob) and s3rver (S3), both over TLS with a generated CA, and Debian's PostgreSQL with
 * verify-full. Only the environment differs: the env contract of each binding, as `bindTo`'s
 * Secrets would put it in a pod, and NODE_EXTRA_CA_CERTS for the test storage CA.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import {
  bindingToEnv,
  openStorage,
  type AzureBlobStorage,
  type BucketBinding,
} from "@wissel/runtime";
import { PostgresServer } from "@wissel/testing";
import {
  makeTls,
  startAzurite,
  startS3rver,
  type RunningAzurite,
  type RunningS3rver,
  type Tls,
} from "../../../packages/runtime/test/servers";
import { Agent } from "node:https";

jest.setTimeout(60_000);

let tls: Tls;
let azurite: RunningAzurite;
let s3rver: RunningS3rver;
let postgres: PostgresServer;

beforeAll(async () => {
  tls = makeTls();
  postgres = await PostgresServer.start();
  s3rver = await startS3rver(tls, "uploads");
  azurite = await startAzurite(tls, "uploads");
  await (
    openStorage({ name: "uploads", binding: azurite.binding }, { ca: tls.ca }) as AzureBlobStorage
  ).container.create();
  await postgres.asAdmin(
    "postgres",
    "CREATE ROLE uploads_app LOGIN PASSWORD 'uploads-pass-0123456789'; CREATE DATABASE uploads_s3 OWNER uploads_app; CREATE DATABASE uploads_azure OWNER uploads_app;",
  );
});

afterAll(async () => {
  await Promise.all([azurite?.stop(), s3rver?.stop(), postgres?.stop()]);
  if (tls !== undefined) rmSync(tls.dir, { recursive: true, force: true });
});

interface Running {
  readonly base: string;
  readonly child: ChildProcess;
}

/** Starts main.ts with only the environment contract (and a port) as configuration. */
async function startService(bucket: BucketBinding, database: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOST: "127.0.0.1",
    PORT: "0",
    NODE_EXTRA_CA_CERTS: tls.caFile,
    ...bindingToEnv("bucket", "uploads", bucket),
    ...bindingToEnv("postgres", "uploads-db", {
      host: "localhost",
      port: postgres.port,
      database,
      user: "uploads_app",
      password: "uploads-pass-0123456789",
      sslmode: "verify-full",
      caCertificate: postgres.caCertificate,
      uri: `postgresql://uploads_app:uploads-pass-0123456789@localhost:${postgres.port}/${database}?sslmode=verify-full`,
    }),
  };
  const child = spawn(
    process.execPath,
    [require.resolve("tsx/cli"), join(__dirname, "../main.ts")],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the service did not start within 20 s:\n${output}`)),
      20_000,
    );
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${String(code)}):\n${output}`));
    });
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

async function stopService(running: Running | undefined): Promise<void> {
  if (running === undefined || running.child.exitCode !== null) return;
  const exited = new Promise((r) => running.child.once("exit", r));
  running.child.kill("SIGTERM");
  await exited;
}

/** A plain HTTPS request trusting the test CA, as a browser with a presigned URL would send. */
function direct(
  url: string,
  method: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent: new Agent({ ca: tls.ca }),
        headers: {
          ...headers,
          ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.once("error", reject);
    req.end(body);
  });
}

const PROTOCOLS: [string, () => BucketBinding, string][] = [
  ["s3 (s3rver)", () => s3rver.binding, "uploads_s3"],
  ["azure-blob (Azurite)", () => azurite.binding, "uploads_azure"],
];

describe.each(PROTOCOLS)("uploads-service on %s", (_label, binding, database) => {
  let service: Running | undefined;
  beforeAll(async () => {
    service = await startService(binding(), database);
  });
  afterAll(() => stopService(service));

  it("stores, lists, serves, links and deletes uploads", async () => {
    const base = service!.base;
    const created = await fetch(`${base}/uploads?name=report.txt`, {
      method: "POST",
      body: "quarterly figures",
      headers: { "content-type": "text/plain" },
    });
    expect(created.status).toBe(201);
    const upload = (await created.json()) as {
      id: string;
      name: string;
      size: number;
      contentType: string;
    };
    expect(upload).toMatchObject({ name: "report.txt", size: 17, contentType: "text/plain" });

    expect(await (await fetch(`${base}/uploads`)).json()).toEqual([upload]);
    const served = await fetch(`${base}/uploads/${upload.id}`);
    expect([served.status, served.headers.get("content-type"), await served.text()]).toEqual([
      200,
      "text/plain",
      "quarterly figures",
    ]);

    const { url } = (await (await fetch(`${base}/uploads/${upload.id}/link`)).json()) as {
      url: string;
    };
    expect(await direct(url, "GET")).toEqual({ status: 200, body: "quarterly figures" });

    expect((await fetch(`${base}/uploads/${upload.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await fetch(`${base}/uploads/${upload.id}`)).status).toBe(404);
    expect(await (await fetch(`${base}/uploads`)).json()).toEqual([]);
  });

  it("hands out a presigned PUT URL the client uploads to directly", async () => {
    const base = service!.base;
    const { id, url } = (await (
      await fetch(`${base}/uploads/direct?name=photo.jpg`, { method: "POST" })
    ).json()) as { id: string; url: string };
    const headers: Record<string, string> =
      binding().protocol === "azure-blob" ? { "x-ms-blob-type": "BlockBlob" } : {};
    const put = await direct(url, "PUT", "jpeg bytes", headers);
    expect(put.status).toBeGreaterThanOrEqual(200);
    expect(put.status).toBeLessThan(300);
    expect(await (await fetch(`${base}/uploads/${id}`)).text()).toBe("jpeg bytes");
    expect((await fetch(`${base}/uploads/${id}`, { method: "DELETE" })).status).toBe(204);
  });
});
