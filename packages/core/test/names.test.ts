import fc from "fast-check";
import {
  azureContainerName,
  azureStorageAccountName,
  dns1123Label,
  isDns1123Label,
  isValidAzureContainerName,
  isValidAzureStorageAccountName,
  isValidS3BucketName,
  s3BucketName,
  swiftContainerName,
  type NameIdentity,
} from "@wissel/core";

const anyText = fc.string({ minLength: 0, maxLength: 300, unit: "grapheme" });
const identity = fc.record({ project: anyText, stack: anyText, name: anyText });

// Hundreds of generated names per property: give them room on a loaded CI machine.
jest.setTimeout(30_000);

describe("physical names", () => {
  it("S3 and Swift names always meet the S3 rules and are deterministic", () => {
    fc.assert(
      fc.property(identity, (id: NameIdentity) => {
        const name = s3BucketName(id);
        expect(isValidS3BucketName(name)).toBe(true);
        expect(s3BucketName({ ...id })).toBe(name);
        expect(isValidS3BucketName(swiftContainerName(id))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("Azure storage account names are 3-24 lowercase alphanumerics", () => {
    fc.assert(
      fc.property(identity, (id: NameIdentity) => {
        expect(isValidAzureStorageAccountName(azureStorageAccountName(id))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("Azure container names meet the container rules", () => {
    fc.assert(
      fc.property(anyText, (name) => {
        expect(isValidAzureContainerName(azureContainerName(name))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("DNS-1123 labels are valid for any input and any length limit from 8", () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 8, max: 63 }), (value, max) => {
        const label = dns1123Label(value, max);
        expect(isDns1123Label(label)).toBe(true);
        expect(label.length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 500 },
    );
  });

  it("names differ when the stack or project differs (global names never collide across stacks)", () => {
    fc.assert(
      fc.property(identity, anyText, (id, otherStack) => {
        fc.pre(otherStack !== id.stack);
        expect(s3BucketName({ ...id, stack: otherStack })).not.toBe(s3BucketName(id));
        expect(azureStorageAccountName({ ...id, stack: otherStack })).not.toBe(
          azureStorageAccountName(id),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a readable stem", () => {
    const id = { project: "team-workspace", stack: "scaleway", name: "Uploads_Raw" };
    expect(s3BucketName(id)).toMatch(/^uploads-raw-[0-9a-f]{8}$/);
    expect(azureStorageAccountName(id)).toMatch(/^uploadsraw[0-9a-f]{8}$/);
    expect(dns1123Label("Team.Alpha")).toBe("team-alpha");
  });

  it("the validity checks reject what the vendors reject", () => {
    expect(
      [
        "ab",
        "a".repeat(64),
        "-abc",
        "abc-",
        "a.b.c",
        "xn--abc",
        "sthree-abc",
        "abc-s3alias",
        "ABC",
      ].filter(isValidS3BucketName),
    ).toEqual([]);
    expect(["ab", "a".repeat(25), "abc-def", "ABC"].filter(isValidAzureStorageAccountName)).toEqual(
      [],
    );
    expect(["ab", "a--b", "-ab", "ab-", "Abc"].filter(isValidAzureContainerName)).toEqual([]);
    expect(["", "a".repeat(64), "-a", "a-", "A", "a_b"].filter(isDns1123Label)).toEqual([]);
  });
});
