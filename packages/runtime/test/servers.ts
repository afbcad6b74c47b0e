/**
 * Real storage servers for tests, started from their npm packages on 127.0.0.1 free ports, over TLS
 * with a CA and server certificate generated per run (openssl): Azurite's blob service (its account
 * and key generated too) and s3rver. Each returns a binding for @wissel/runtime and a `stop()`.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import type { AzureBlobBinding, S3Binding } from "@wissel/runtime";

export interface Tls {
  readonly dir: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
}

/** A CA and a server certificate it signed for 127.0.0.1 and localhost. */
export function makeTls(): Tls {
  const dir = mkdtempSync(join(tmpdir(), "wissel-tls-"));
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  run([
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/CN=Wissel storage test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  run(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
  writeFileSync(
    join(dir, "server.ext"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
  );
  run([
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.crt",
    "-days",
    "2",
    "-extfile",
    "server.ext",
  ]);
  const file = (name: string) => join(dir, name);
  return {
    dir,
    ca: readFileSync(file("ca.crt"), "utf8"),
    cert: readFileSync(file("server.crt"), "utf8"),
    key: readFileSync(file("server.key"), "utf8"),
    certFile: file("server.crt"),
    keyFile: file("server.key"),
    caFile: file("ca.crt"),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`Azurite exited (${child.exitCode}):\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => (socket.end(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Azurite did not listen on 127.0.0.1:${port} within 20 s:\n${output()}`);
}

export interface RunningAzurite {
  readonly binding: AzureBlobBinding & {
    readonly credentials: { readonly kind: "shared-key"; readonly accountKey: string };
  };
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Azurite's blob service over TLS with a generated account and key; the container is created. */
export async function startAzurite(tls: Tls, container: string): Promise<RunningAzurite> {
  const account = "wisseltest";
  const accountKey = randomBytes(32).toString("base64");
  const port = await freePort();
  const main = require.resolve("azurite/dist/src/blob/main.js");
  const child = spawn(
    process.execPath,
    [
      main,
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--cert",
      tls.certFile,
      "--key",
      tls.keyFile,
      "--inMemoryPersistence",
      "--silent",
      "--skipApiVersionCheck",
      "--disableProductStyleUrl",
      "--disableTelemetry",
    ],
    {
      env: { ...process.env, AZURITE_ACCOUNTS: `${account}:${accountKey}` },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  };
  try {
    await waitForPort(port, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  const endpoint = `https://127.0.0.1:${port}/${account}`;
  const binding = {
    protocol: "azure-blob" as const,
    endpoint,
    region: "local",
    account,
    bucket: container,
    credentials: { kind: "shared-key" as const, accountKey },
    credentialScope: "project" as const,
  };
  return { binding, endpoint, stop };
}

export interface RunningS3rver {
  readonly binding: S3Binding;
  stop(): Promise<void>;
}

/**
 * s3rver over TLS with the bucket configured; its fixed credentials are `S3RVER`/`S3RVER`. It runs
 * in its own Node process with OpenSSL's legacy provider: s3rver 3 enciphers list continuation
 * tokens with DES, which Node's OpenSSL 3 offers only there.
 */
export async function startS3rver(tls: Tls, bucket: string): Promise<RunningS3rver> {
  const directory = mkdtempSync(join(tmpdir(), "wissel-s3rver-"));
  const bin = join(dirname(require.resolve("s3rver/package.json")), "bin", "s3rver.js");
  const child = spawn(
    process.execPath,
    [
      "--openssl-legacy-provider",
      bin,
      "-d",
      directory,
      "-a",
      "127.0.0.1",
      "-p",
      "0",
      "--silent",
      "--key",
      tls.keyFile,
      "--cert",
      tls.certFile,
      "--no-vhost-buckets",
      "--configure-bucket",
      bucket,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(directory, { recursive: true, force: true });
  };
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`s3rver did not start within 20 s:\n${output}`)),
      20_000,
    );
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /listening on [\d.]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited (${String(code)}):\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const binding: S3Binding = {
    protocol: "s3",
    endpoint: `https://127.0.0.1:${port}`,
    region: "us-east-1",
    bucket,
    pathStyle: true,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    credentialScope: "project",
  };
  return { binding, stop };
}
