/** Each vendor SDK loads only for its protocol, and a missing one names the package and the block. */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

jest.setTimeout(30_000);

function probe(protocol: string): Record<string, unknown> {
  const tsx = require.resolve("tsx/cli");
  return JSON.parse(
    execFileSync(process.execPath, [tsx, join(__dirname, "load-probe.ts"), protocol], {
      encoding: "utf8",
    }),
  ) as Record<string, unknown>;
}

it("an S3 application loads the AWS SDK and never the Azure SDK", () => {
  expect(probe("s3")).toEqual({
    beforeOpen: { s3: false, azure: false },
    s3: true,
    presigner: true,
    azure: false,
    identity: false,
  });
});

it("an Azure Blob application with a key loads the Azure SDK only, and not @azure/identity", () => {
  expect(probe("azure-blob")).toEqual({
    beforeOpen: { s3: false, azure: false },
    s3: false,
    presigner: false,
    azure: true,
    identity: false,
  });
});

it("a missing SDK fails with the package, the block and the install command", () => {
  jest.isolateModules(() => {
    jest.doMock("@azure/storage-blob", () => {
      throw Object.assign(new Error("Cannot find module '@azure/storage-blob' from 'azure.ts'"), {
        code: "MODULE_NOT_FOUND",
      });
    });
    const { openStorage } = require("@wissel/runtime") as typeof import("@wissel/runtime");
    const binding = {
      protocol: "azure-blob",
      endpoint: "https://a.blob.core.windows.net",
      region: "westeurope",
      account: "a",
      bucket: "files",
      credentials: { kind: "managed-identity", clientId: "c", tenantId: "t" },
      credentialScope: "bucket",
    } as const;
    expect(() => openStorage({ name: "files", binding })).toThrow(
      `Bucket "files": @azure/storage-blob must be installed: the binding's protocol is "azure-blob"; it is not installed. Run \`npm install @azure/storage-blob\` (an optional peer dependency of @wissel/runtime).`,
    );
  });
});
