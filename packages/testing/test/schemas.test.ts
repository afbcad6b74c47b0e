import { crdCatalogue, loadCrd, validateCustomResource } from "@wissel/testing";

const VALID_OBC = {
  apiVersion: "objectbucket.io/v1alpha1",
  kind: "ObjectBucketClaim",
  metadata: { name: "files", namespace: "workspace" },
  spec: {
    bucketName: "files-1a2b3c4d",
    storageClassName: "rook-ceph-bucket",
    additionalConfig: { bucketLifecycle: "{}" },
  },
};

function obcWithSpec(spec: Record<string, unknown>): Record<string, unknown> {
  return { ...VALID_OBC, spec };
}

describe("validateCustomResource on ObjectBucketClaim", () => {
  it("accepts a well-formed claim", () => {
    expect(validateCustomResource(VALID_OBC)).toEqual([]);
  });

  it.each([
    [
      "a missing storageClassName",
      obcWithSpec({ bucketName: "files" }),
      [{ path: "/spec", message: "must have required property 'storageClassName'" }],
    ],
    [
      "an empty storageClassName",
      obcWithSpec({ bucketName: "files", storageClassName: "" }),
      [{ path: "/spec/storageClassName", message: "must NOT have fewer than 1 characters" }],
    ],
    [
      "a non-string additionalConfig value",
      obcWithSpec({
        bucketName: "files",
        storageClassName: "s",
        additionalConfig: { maxObjects: 1000 },
      }),
      [{ path: "/spec/additionalConfig/maxObjects", message: "must be string" }],
    ],
    [
      "a misspelt field the API server would prune",
      obcWithSpec({ bucketName: "files", storageClassname: "s", storageClassName: "s" }),
      [{ path: "/spec", message: "must NOT have additional properties: storageClassname" }],
    ],
    [
      "a bucketName that is not a string",
      obcWithSpec({ bucketName: 42, storageClassName: "s" }),
      [
        { path: "/spec/bucketName", message: "must be string" },
        { path: "/spec", message: "one of bucketName or generateBucketName must be set" },
      ],
    ],
    [
      "a status phase outside the enum",
      { ...VALID_OBC, status: { phase: "Ready" } },
      [{ path: "/status/phase", message: "must be equal to one of the allowed values" }],
    ],
  ])("rejects %s", (_what, object, errors) => {
    expect(validateCustomResource(object)).toEqual(errors);
  });

  it("throws for a kind no CRD defines, naming the known ones", () => {
    expect(() =>
      validateCustomResource({ apiVersion: "objectbucket.io/v1alpha1", kind: "ObjectBucket" }),
    ).toThrow(
      /no CRD in .* defines objectbucket\.io\/v1alpha1\/ObjectBucket; known: .*objectbucket\.io\/v1alpha1\/ObjectBucketClaim/,
    );
    expect(() => validateCustomResource({ kind: "ObjectBucketClaim" })).toThrow(
      /needs apiVersion and kind/,
    );
  });
});

describe("CEL rules of ObjectBucketClaim, which JSON Schema cannot express", () => {
  const [version] = loadCrd("objectbucket.io_objectbucketclaims.yaml");

  it("finds both spec rules in the CRD and translates each of them", () => {
    expect(
      version?.celRules.map(({ path, message, checked }) => ({ path, message, checked })),
    ).toEqual([
      {
        path: "/spec",
        message: "bucketName and generateBucketName are mutually exclusive, only one can be set",
        checked: true,
      },
      {
        path: "/spec",
        message: "one of bucketName or generateBucketName must be set",
        checked: true,
      },
    ]);
  });

  it.each([
    [
      "neither name",
      { storageClassName: "s" },
      ["one of bucketName or generateBucketName must be set"],
    ],
    [
      "two empty names",
      { storageClassName: "s", bucketName: "", generateBucketName: "" },
      ["one of bucketName or generateBucketName must be set"],
    ],
    [
      "both names",
      { storageClassName: "s", bucketName: "a", generateBucketName: "b" },
      ["bucketName and generateBucketName are mutually exclusive, only one can be set"],
    ],
    ["only generateBucketName", { storageClassName: "s", generateBucketName: "photos" }, []],
    [
      "bucketName with an empty generateBucketName",
      { storageClassName: "s", bucketName: "a", generateBucketName: "" },
      [],
    ],
  ])("with %s", (_what, spec, messages) => {
    expect(validateCustomResource(obcWithSpec(spec)).map((e) => e.message)).toEqual(messages);
  });
});

describe("the CRD catalogue", () => {
  it("loads every CRD in packages/testing/crds and compiles each schema", () => {
    const catalogue = crdCatalogue();
    expect([...catalogue.keys()].sort()).toEqual([
      "objectbucket.io/v1alpha1/ObjectBucketClaim",
      "postgresql.cnpg.io/v1/Cluster",
      "postgresql.cnpg.io/v1/Database",
      "postgresql.cnpg.io/v1/ScheduledBackup",
    ]);
    for (const version of catalogue.values()) {
      expect(() =>
        version.validate({ apiVersion: version.apiVersion, kind: version.kind }),
      ).not.toThrow();
    }
  });

  it("checks OpenAPI formats, bounds and unknown fields in the CloudNativePG schemas", () => {
    const errors = validateCustomResource({
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "orders" },
      spec: { instances: 0, failoverDelay: 2 ** 31, storage: { size: "10Gi" }, instancez: 3 },
    });
    expect(errors).toEqual([
      { path: "/spec", message: "must NOT have additional properties: instancez" },
      { path: "/spec/failoverDelay", message: 'must match format "int32"' },
      { path: "/spec/instances", message: "must be >= 1" },
    ]);
  });
});
