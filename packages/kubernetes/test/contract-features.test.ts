/**
 * The shared Bucket contract on a Rook cluster whose operator allows bucketLifecycle and
 * bucketVersioning in claims: versioning and expiry build, CORS still fails at preview.
 */
import { adapter, OBJECT_BUCKET_CLAIM_TYPE } from "@wissel/kubernetes";
import { bucketContract } from "@wissel/testing";
import { SETTINGS, claimSchemaErrors, outputs, stackConfig } from "./fixtures";

afterEach(() => {
  for (const claim of claimSchemaErrors()) expect(claim).toEqual({ name: claim.name, errors: [] });
});

bucketContract({
  adapter,
  harness: {
    config: stackConfig({
      ...SETTINGS,
      objectStorage: { ...SETTINGS.objectStorage, additionalConfigFields: ["bucketLifecycle", "bucketVersioning"], encryptedAtRest: true },
    }),
    outputs,
  },
  statefulTypes: [OBJECT_BUCKET_CLAIM_TYPE],
  protocol: "s3",
});
