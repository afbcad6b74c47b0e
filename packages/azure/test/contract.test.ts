import type { Adapter } from "@wissel/core";
import { bucketContract } from "@wissel/testing";
import { adapter } from "@wissel/azure";
import { CONFIG, outputs } from "./fixtures";

bucketContract({
  adapter: adapter as Adapter,
  harness: { config: CONFIG, outputs },
  statefulTypes: ["azure-native:storage:StorageAccount", "azure-native:storage:BlobContainer"],
  protocol: "azure-blob",
});
