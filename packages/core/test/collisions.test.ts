import fc from "fast-check";
import {
  dns1123Label,
  kubernetesScope,
  resetPhysicalNames,
  s3BucketName,
  type ClusterRef,
  type PhysicalName,
} from "@wissel/core";
import { claimPhysicalNames, physicalNameIssues } from "../src/collisions";

jest.setTimeout(30_000);
beforeEach(() => resetPhysicalNames());

/** Names Pulumi accepts as distinct that a vendor may not: mixed case, dots, underscores, long runs. */
const resourceName = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,20}$/),
  fc.string({ minLength: 1, maxLength: 90 }),
);
const claim = (scope: string, name: string): PhysicalName => ({ scope, name, what: "thing" });

describe("the physical-name registry", () => {
  it("reports the second claimant of a name in one scope, naming both, the name, the scope and a fix", () => {
    claimPhysicalNames('Bucket "files.v2"', "files.v2", [claim("s3:nl-ams", "files-v2")]);
    expect(
      physicalNameIssues('Bucket "files-v2"', "files-v2", [claim("s3:nl-ams", "files-v2")]),
    ).toEqual([
      {
        subject: 'Bucket "files-v2"',
        field: "name",
        value: "files-v2",
        rule: 'must not give the same thing name as Bucket "files.v2": both become "files-v2" in s3:nl-ams, so the second would collide at deploy',
        fix: 'Rename one of the two so they differ in more than case and punctuation, e.g. "files-v2" → "files-v2-2".',
      },
    ]);
  });

  it("reports one issue per component collided with, counting the further shared names", () => {
    claimPhysicalNames('PostgresDatabase "Orders"', "Orders", [
      claim("k:cluster", "orders"),
      claim("k:secret", "orders-ca"),
      claim("k:service", "orders-rw"),
    ]);
    const issues = physicalNameIssues('PostgresDatabase "orders"', "orders", [
      claim("k:cluster", "orders"),
      claim("k:secret", "orders-ca"),
      claim("k:secret", "orders-ca"),
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.rule).toBe(
      'must not give the same thing name as PostgresDatabase "Orders": both become "orders" in k:cluster (and 1 more name), so the second would collide at deploy',
    );
  });

  it("keeps scopes apart and forgets every claim on reset", () => {
    claimPhysicalNames('Bucket "a"', "a", [claim("scaleway:bucket:nl-ams", "files")]);
    expect(
      physicalNameIssues('Bucket "b"', "b", [claim("scaleway:bucket:fr-par", "files")]),
    ).toEqual([]);
    expect(
      physicalNameIssues('Bucket "b"', "b", [claim("scaleway:bucket:nl-ams", "files")]),
    ).toHaveLength(1);
    resetPhysicalNames();
    expect(
      physicalNameIssues('Bucket "b"', "b", [claim("scaleway:bucket:nl-ams", "files")]),
    ).toEqual([]);
  });

  it("scopes Kubernetes objects by the program's cluster, or the configured one", () => {
    const ref = (target: string, name: string): Pick<ClusterRef, "target" | "name"> => ({
      target,
      name,
    });
    expect(kubernetesScope(ref("azure", "platform"), "team", "secret")).toBe(
      "kubernetes:azure:platform/team:secret",
    );
    expect(kubernetesScope(undefined, undefined, "namespace")).toBe(
      "kubernetes:kubernetes:configured:namespace",
    );
    // A KubernetesCluster on the kubernetes target is the configured cluster.
    expect(kubernetesScope(ref("kubernetes", "platform"), undefined, "namespace")).toBe(
      "kubernetes:kubernetes:configured:namespace",
    );
  });
});

describe("property: distinct physical names are never reported", () => {
  it("for DNS-1123 labels (claims, CloudNativePG clusters, namespaces), exactly when the labels are equal", () => {
    fc.assert(
      fc.property(resourceName, resourceName, (a, b) => {
        resetPhysicalNames();
        claimPhysicalNames("A", a, [claim("k8s", dns1123Label(a))]);
        const issues = physicalNameIssues("B", b, [claim("k8s", dns1123Label(b))]);
        expect(issues.length).toBe(dns1123Label(a) === dns1123Label(b) ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });

  it("for hashed S3 names, exactly when the names are equal", () => {
    fc.assert(
      fc.property(resourceName, resourceName, (a, b) => {
        resetPhysicalNames();
        const of = (name: string): string => s3BucketName({ project: "p", stack: "s", name });
        claimPhysicalNames("A", a, [claim("s3", of(a))]);
        expect(physicalNameIssues("B", b, [claim("s3", of(b))]).length).toBe(
          of(a) === of(b) ? 1 : 0,
        );
      }),
      { numRuns: 500 },
    );
  });

  it("case, dot and underscore variants of one name collide as labels", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{0,10}-[a-z0-9]{1,10}$/), (name) => {
        resetPhysicalNames();
        claimPhysicalNames("A", name, [claim("k8s", dns1123Label(name))]);
        for (const variant of [
          name.toUpperCase(),
          name.replace("-", "."),
          name.replace("-", "_"),
        ]) {
          expect(
            physicalNameIssues("B", variant, [claim("k8s", dns1123Label(variant))]),
          ).toHaveLength(1);
        }
      }),
      { numRuns: 200 },
    );
  });
});
