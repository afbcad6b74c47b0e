/**
 * One storage test body, run against Azurite (Azure Blob API) and s3rver (S3 API), both over TLS
 * with a certificate generated here, both started from their npm packages on 127.0.0.1.
 */
import { Readable } from "node:stream";
import {
  openStorage,
  ObjectNotFoundError,
  type AzureBlobStorage,
  type BucketBinding,
  type ObjectStorage,
} from "@wissel/runtime";
import {
  makeTls,
  startAzurite,
  startS3rver,
  type RunningAzurite,
  type RunningS3rver,
  type Tls,
} from "./servers";
import { rmSync } from "node:fs";
import { Agent, request } from "node:https";

jest.setTimeout(30_000);

let tls: Tls;
let azurite: RunningAzurite;
let s3rver: RunningS3rver;

beforeAll(async () => {
  tls = makeTls();
  s3rver = await startS3rver(tls, "files");
  azurite = await startAzurite(tls, "files");
  const azure = openStorage(
    { name: "files", binding: azurite.binding },
    { ca: tls.ca },
  ) as AzureBlobStorage;
  await azure.container.create();
});

afterAll(async () => {
  await Promise.all([azurite?.stop(), s3rver?.stop()]);
  if (tls !== undefined) rmSync(tls.dir, { recursive: true, force: true });
});

/** A plain HTTPS request trusting the test CA: what a browser holding a presigned URL would send. */
function fetchUrl(
  url: string,
  method = "GET",
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
        res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.once("error", reject);
    req.end(body);
  });
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

const backends: [string, () => BucketBinding][] = [
  ["azure-blob on Azurite", () => azurite.binding],
  ["s3 on s3rver", () => s3rver.binding],
];

describe.each(backends)("object storage: %s", (_label, binding) => {
  let storage: ObjectStorage;
  beforeAll(() => {
    storage = openStorage({ name: "files", binding: binding() }, { ca: tls.ca });
  });

  it("puts, heads, streams back and deletes an object", async () => {
    await storage.put("docs/a.txt", "hello wissel", { contentType: "text/plain" });
    const head = await storage.head("docs/a.txt");
    expect(head).toMatchObject({ key: "docs/a.txt", size: 12, contentType: "text/plain" });
    const got = await storage.get("docs/a.txt");
    expect(got.body).toBeInstanceOf(Readable);
    expect(await text(got.body)).toBe("hello wissel");
    await storage.delete("docs/a.txt");
    expect(await storage.head("docs/a.txt")).toBeUndefined();
    await expect(storage.get("docs/a.txt")).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage.delete("docs/a.txt")).resolves.toBeUndefined();
  });

  it("uploads a stream", async () => {
    await storage.put(
      "streamed.bin",
      Readable.from([Buffer.from("part-1;"), Buffer.from("part-2")]),
      { contentLength: 13 },
    );
    expect(await text((await storage.get("streamed.bin")).body)).toBe("part-1;part-2");
    await storage.delete("streamed.bin");
  });

  it("lists by prefix, page by page", async () => {
    const keys = ["list/1", "list/2", "list/3", "list/4", "list/5", "other/1"];
    await Promise.all(keys.map((key) => storage.put(key, key)));
    const seen: string[] = [];
    let pages = 0;
    let continuation: string | undefined;
    do {
      const page = await storage.list({
        prefix: "list/",
        pageSize: 2,
        ...(continuation !== undefined ? { continuation } : {}),
      });
      pages++;
      expect(page.objects.length).toBeLessThanOrEqual(2);
      seen.push(...page.objects.map((o) => o.key));
      continuation = page.next;
    } while (continuation !== undefined);
    expect(seen.sort()).toEqual(["list/1", "list/2", "list/3", "list/4", "list/5"]);
    expect(pages).toBe(3);
    await Promise.all(keys.map((key) => storage.delete(key)));
  });

  it("presigns a GET URL that anyone can read with, and a PUT URL that anyone can upload with", async () => {
    await storage.put("shared.txt", "via a presigned URL");
    const getUrl = await storage.presignGet("shared.txt", { expiresInSeconds: 60 });
    expect(await fetchUrl(getUrl)).toEqual({ status: 200, body: "via a presigned URL" });

    const putUrl = await storage.presignPut("uploaded.txt", { expiresInSeconds: 60 });
    const headers: Record<string, string> =
      storage.protocol === "azure-blob" ? { "x-ms-blob-type": "BlockBlob" } : {};
    const put = await fetchUrl(putUrl, "PUT", "sent by a browser", headers);
    expect(put.status).toBeGreaterThanOrEqual(200);
    expect(put.status).toBeLessThan(300);
    expect(await text((await storage.get("uploaded.txt")).body)).toBe("sent by a browser");
    await Promise.all([storage.delete("shared.txt"), storage.delete("uploaded.txt")]);
  });

  it("refuses an expiry outside 1 s to 7 days, naming the limit", async () => {
    await expect(storage.presignGet("x", { expiresInSeconds: 0 })).rejects.toThrow(
      /expiresInSeconds must be a whole number of seconds from 1 to 604800/,
    );
  });
});

describe("Azurite refuses what it must", () => {
  beforeAll(async () => {
    await openStorage({ name: "files", binding: azurite.binding }, { ca: tls.ca }).put(
      "private.txt",
      "not for everyone",
    );
  });

  it("refuses an anonymous read of a private container", async () => {
    const response = await fetchUrl(`${azurite.endpoint}/files/private.txt`);
    expect(response.status).toBe(403); // Azurite answers 403; Azure itself answers 404 ResourceNotFound
    expect(response.body).not.toContain("not for everyone");
  });

  it("refuses a wrong account key", async () => {
    const wrong = {
      ...azurite.binding,
      credentials: {
        kind: "shared-key" as const,
        accountKey: Buffer.alloc(32, 7).toString("base64"),
      },
    };
    await expect(
      openStorage({ name: "files", binding: wrong }, { ca: tls.ca }).get("private.txt"),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  it("refuses an expired presigned URL", async () => {
    const url = await openStorage(
      { name: "files", binding: azurite.binding },
      { ca: tls.ca },
    ).presignGet("private.txt", { expiresInSeconds: 1 });
    expect((await fetchUrl(url)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    const expired = await fetchUrl(url);
    expect(expired.status).toBe(403);
    expect(expired.body).not.toContain("not for everyone");
  });
});
