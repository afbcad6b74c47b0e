/**
 * The shared Bucket contract on a Rook cluster whose operator allows bucketLifecycle and
 * bucketVersioning in claims: versioning and expiry build, CORS still fails at preview.
 */
import type { Adapter } from "@wissel/core";
import { adapter } from "@wissel/kubernetes";
import { OBJECT_BUCKET_CLAIM_TYPE } from "../src/vendor";
import { bucketContract } from "@wissel/testing";
import { SETTINGS, claimSchemaErrors, outputs, stackConfig } from "./fixtures";

afterEach(() => {
  for (const claim of claimSchemaErrors()) expect(claim).toEqual({ name: claim.name, errors: [] });
});

bucketContract({
  // Adapter<unknown> takes settings of any shape, so a typed adapter is widened (as core does when loading it).
  adapter: adapter as Adapter,
  harness: {
    config: stackConfig({
      ...SETTINGS,
      objectStorage: {
        ...SETTINGS.objectStorage,
        additionalConfigFields: ["bucketLifecycle", "bucketVersioning"],
        encryptedAtRest: true,
      },
    }),
    outputs,
  },
  statefulTypes: [OBJECT_BUCKET_CLAIM_TYPE],
  protocol: "s3",
});
