/**
 * The shared Bucket contract on a cluster whose provisioner accepts only its default additionalConfig
 * keys (Rook's maxObjects and maxSize, or NooBaa): versioning, expiry and CORS fail at preview.
 */
import { adapter, OBJECT_BUCKET_CLAIM_TYPE } from "@wissel/kubernetes";
import { bucketContract } from "@wissel/testing";
import { claimSchemaErrors, outputs, stackConfig } from "./fixtures";

afterEach(() => {
  for (const claim of claimSchemaErrors()) expect(claim).toEqual({ name: claim.name, errors: [] });
});

bucketContract({
  adapter,
  harness: { config: stackConfig(), outputs },
  statefulTypes: [OBJECT_BUCKET_CLAIM_TYPE],
  protocol: "s3",
});
