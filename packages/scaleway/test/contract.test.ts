import type { Adapter } from "@wissel/core";
import { bucketContract } from "@wissel/testing";
import { adapter } from "@wissel/scaleway";
import { CONFIG, outputs } from "./fixtures";

bucketContract({
  adapter: adapter as Adapter,
  harness: { config: CONFIG, outputs },
  // The encryption configuration is protected too: deleting it would silently stop encrypting uploads.
  statefulTypes: [
    "scaleway:object/bucket:Bucket",
    "scaleway:object/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  ],
  protocol: "s3",
});
