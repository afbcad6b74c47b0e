/**
 * The bucket copy step on real servers: Debian's rclone, run with exactly the command and
 * environment `bucketCopy` produces, between Azurite (Azure Blob, container SAS) and s3rver (S3,
 * path-style), both over TLS with a CA generated per run. Each way: after `sync` the target holds
 * the source's objects byte for byte and `check` passes; after one object changes on one side
 * (same size, other bytes), `check` fails and names it.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { ContainerSASPermissions } from "@azure/storage-blob";
import { bucketCheck, bucketCopy, bucketSync } from "@wissel/migrate";
import {
  openStorage,
  type AzureBlobBinding,
  type AzureBlobStorage,
  type BucketBinding,
} from "@wissel/runtime";
import {
  makeTls,
  startAzurite,
  startS3rver,
  type RunningAzurite,
  type RunningS3rver,
  type Tls,
} from "../../runtime/test/servers";
import { assertNoSecretShown, describeWithBinaries, runCopyCommand, runCopySteps } from "./run";

jest.setTimeout(60_000);

const { describe: describeRclone, missing } = describeWithBinaries(["rclone"]);

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Every object of a bucket, key to bytes. */
async function contents(binding: BucketBinding, ca: string): Promise<Map<string, Buffer>> {
  const storage = openStorage({ name: "copy", binding }, { ca });
  const found = new Map<string, Buffer>();
  for (let next: string | undefined, first = true; first || next !== undefined; first = false) {
    const page = await storage.list(next !== undefined ? { continuation: next } : {});
    for (const object of page.objects)
      found.set(object.key, await bytes((await storage.get(object.key)).body));
    next = page.next;
  }
  return found;
}

const OBJECTS: ReadonlyMap<string, Buffer> = new Map([
  ["hello.txt", Buffer.from("hello from the old vendor\n")],
  ["nested/dir/data.bin", randomBytes(300 * 1024)],
  ["with space & ü.txt", Buffer.from("a key that needs encoding")],
  ["empty", Buffer.alloc(0)],
]);

describeRclone("rclone between Azurite and s3rver", () => {
  let tls: Tls;
  let azurite: RunningAzurite;
  let s3Target: RunningS3rver;
  let s3Source: RunningS3rver;
  let home: string;
  const sas: Record<string, AzureBlobBinding> = {};

  beforeAll(async () => {
    if (missing.length > 0)
      throw new Error(
        `CI=true and ${missing.join(", ")} is not on PATH: run scripts/ci-services.sh, which installs Debian's rclone.`,
      );
    home = mkdtempSync(join(tmpdir(), "wissel-rclone-home-"));
    tls = makeTls();
    [azurite, s3Target, s3Source] = await Promise.all([
      startAzurite(tls, "unused"),
      startS3rver(tls, "new-from-azure"),
      startS3rver(tls, "old-on-s3"),
    ]);
    // Two containers, each reached with a container SAS (rclone 1.60 builds https://<account>.<endpoint>
    // for an account key, which no loopback Azurite answers; a SAS URL it takes whole).
    for (const container of ["old-on-azure", "new-from-s3"]) {
      const binding = { ...azurite.binding, bucket: container };
      const client = openStorage({ name: container, binding }, { ca: tls.ca }) as AzureBlobStorage;
      await client.container.create();
      const url = await client.container.generateSasUrl({
        permissions: ContainerSASPermissions.parse("racwdl"),
        expiresOn: new Date(Date.now() + 3600_000),
      });
      sas[container] = {
        ...binding,
        credentials: { kind: "sas", sasToken: new URL(url).search.slice(1) },
      };
    }
  });

  afterAll(async () => {
    await Promise.all([azurite?.stop(), s3Target?.stop(), s3Source?.stop()]);
    if (tls !== undefined) rmSync(tls.dir, { recursive: true, force: true });
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  const cases: readonly [string, () => BucketBinding, () => BucketBinding][] = [
    ["Azurite → s3rver", () => sas["old-on-azure"]!, () => s3Target.binding],
    ["s3rver → Azurite", () => s3Source.binding, () => sas["new-from-s3"]!],
  ];

  describe.each(cases)("%s", (_label, sourceOf, targetOf) => {
    it("syncs every object byte for byte, check passes, and check fails once one object changes", async () => {
      const source = sourceOf();
      const target = targetOf();
      const options = { caCertificateFile: tls.caFile };
      const writer = openStorage({ name: "source", binding: source }, { ca: tls.ca });
      for (const [key, body] of OBJECTS) await writer.put(key, body);

      const steps = bucketCopy(source, target, options);
      expect(steps.commands.map((c) => c.name)).toEqual(["sync", "check"]);
      const results = await runCopySteps(steps, { home });
      for (const [i, { name, result }] of results.entries()) {
        expect({ name, code: result.code, stderr: result.code === 0 ? "" : result.stderr }).toEqual(
          {
            name,
            code: 0,
            stderr: "",
          },
        );
        assertNoSecretShown(steps.commands[i]!, result.stdout + result.stderr);
      }
      expect(results).toHaveLength(2);
      const copied = await contents(target, tls.ca);
      expect([...copied.keys()].sort()).toEqual([...OBJECTS.keys()].sort());
      for (const [key, body] of OBJECTS) expect(copied.get(key)?.equals(body)).toBe(true);

      // Same size, other bytes: only a hash comparison sees it.
      const reader = openStorage({ name: "target", binding: target }, { ca: tls.ca });
      const original = OBJECTS.get("hello.txt")!;
      const changed = Buffer.from(original.toString("utf8").replace("old", "new"));
      expect(changed.length).toBe(original.length);
      await reader.put("hello.txt", changed);
      const check = bucketCheck(source, target, options);
      const failed = await runCopyCommand(check, { home });
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toMatch(/hello\.txt/);
      expect(failed.stderr).toMatch(/1 differences found/);
      assertNoSecretShown(check, failed.stdout + failed.stderr);

      // A re-run of sync repairs the target, and check passes again.
      expect((await runCopyCommand(bucketSync(source, target, options), { home })).code).toBe(0);
      expect((await runCopyCommand(check, { home })).code).toBe(0);
      expect((await contents(target, tls.ca)).get("hello.txt")).toEqual(original);
    });
  });
});
