/**
 * Each feature a spec asks of its target comes with the spec that does not ask for it: core plans
 * that spec where the target refuses the feature, so the plan never reports the feature again.
 */
import {
  requestedBucketFeatures,
  requestedNamespaceFeatures,
  requestedPostgresFeatures,
  validateBucketArgs,
  validateNamespaceArgs,
  validatePostgresArgs,
} from "@wissel/core";

/** What `requested` asks of `spec`, and of each feature's `without(spec)`. */
function withdrawn<Spec>(
  spec: Spec,
  requested: (spec: Spec) => readonly {
    feature: string;
    without: (spec: Spec) => Spec;
  }[],
): { asked: string[]; after: Record<string, string[]> } {
  const features = requested(spec);
  return {
    asked: features.map((f) => f.feature),
    after: Object.fromEntries(
      features.map((f) => [f.feature, requested(f.without(spec)).map((g) => g.feature)]),
    ),
  };
}

describe("requested features and the spec without each", () => {
  it("postgres: withdrawing one feature leaves the others asked, at their neutral value", () => {
    const spec = validatePostgresArgs(
      {
        highAvailability: true,
        pointInTimeRecovery: true,
        extensions: ["pgcrypto"],
        allowedCidrs: ["192.0.2.0/24"],
      },
      'PostgresDatabase "orders"',
      "orders",
    );
    const all = ["highAvailability", "pointInTimeRecovery", "extensions", "allowedCidrs"];
    expect(withdrawn(spec, requestedPostgresFeatures)).toEqual({
      asked: all,
      after: Object.fromEntries(all.map((f) => [f, all.filter((g) => g !== f)])),
    });
    const cidrs = requestedPostgresFeatures(spec).find((f) => f.feature === "allowedCidrs");
    expect(cidrs?.without(spec)).toEqual({ ...spec, allowedCidrs: [] });
  });

  it("bucket: expireAfterDays is removed, versioning and cors reset", () => {
    const spec = validateBucketArgs(
      {
        versioning: true,
        expireAfterDays: 7,
        cors: [{ allowedOrigins: ["https://app.example"], allowedMethods: ["GET"] }],
      },
      'Bucket "files"',
    );
    const all = ["versioning", "expireAfterDays", "cors"];
    expect(withdrawn(spec, requestedBucketFeatures)).toEqual({
      asked: all,
      after: Object.fromEntries(all.map((f) => [f, all.filter((g) => g !== f)])),
    });
    const expiry = requestedBucketFeatures(spec).find((f) => f.feature === "expireAfterDays");
    expect(expiry?.without(spec)).not.toHaveProperty("expireAfterDays");
  });

  it("namespace: teamGroup is removed", () => {
    const spec = validateNamespaceArgs({ teamGroup: "team-a" }, 'Namespace "team"', "team");
    expect(withdrawn(spec, requestedNamespaceFeatures)).toEqual({
      asked: ["teamGroup"],
      after: { teamGroup: [] },
    });
  });
});
