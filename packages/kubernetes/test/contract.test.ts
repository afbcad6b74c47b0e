/**
 * The shared Bucket contract on a cluster whose provisioner accepts only its default additionalConfig
 * keys (Rook's maxObjects and maxSize, or NooBaa): versioning, expiry and CORS fail at preview.
 */
import type { Adapter } from "@wissel/core";
import { adapter } from "@wissel/kubernetes";
import { OBJECT_BUCKET_CLAIM_TYPE } from "../src/vendor";
import { bucketContract } from "@wissel/testing";
import { claimSchemaErrors, outputs, stackConfig } from "./fixtures";

afterEach(() => {
  for (const claim of claimSchemaErrors()) expect(claim).toEqual({ name: claim.name, errors: [] });
});

bucketContract({
  // Adapter<unknown> takes settings of any shape, so a typed adapter is widened (as core does when loading it).
  adapter: adapter as Adapter,
  harness: { config: stackConfig(), outputs },
  statefulTypes: [OBJECT_BUCKET_CLAIM_TYPE],
  protocol: "s3",
});
