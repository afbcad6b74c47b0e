/**
 * Run as its own process (see lazy-load.test.ts): opens a bucket of the protocol given in argv, and
 * prints which vendor SDKs Node loaded, from require.cache.
 */
import { openStorage, type BucketBinding } from "../src/index";

const protocol = process.argv[2];
const binding: BucketBinding =
  protocol === "s3"
    ? {
        protocol: "s3",
        endpoint: "https://127.0.0.1:9",
        region: "x",
        bucket: "files",
        pathStyle: true,
        accessKeyId: "a",
        secretAccessKey: "b",
        credentialScope: "bucket",
      }
    : {
        protocol: "azure-blob",
        endpoint: "https://127.0.0.1:9/acct",
        region: "x",
        account: "acct",
        bucket: "files",
        credentials: { kind: "shared-key", accountKey: Buffer.alloc(32).toString("base64") },
        credentialScope: "bucket",
      };
const before = Object.keys(require.cache);
openStorage({ name: "files", binding });
const loaded = (name: string) =>
  Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}/`));
process.stdout.write(
  JSON.stringify({
    beforeOpen: {
      s3: before.some((f) => f.includes("/node_modules/@aws-sdk/client-s3/")),
      azure: before.some((f) => f.includes("/node_modules/@azure/storage-blob/")),
    },
    s3: loaded("@aws-sdk/client-s3"),
    presigner: loaded("@aws-sdk/s3-request-presigner"),
    azure: loaded("@azure/storage-blob"),
    identity: loaded("@azure/identity"),
  }),
);
