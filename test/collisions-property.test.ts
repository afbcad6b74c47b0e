/**
 * Property over every adapter's own bucket namer with the flagship's settings: two component names
 * are reported as colliding exactly when the physical names the adapter declares for them share a
 * (scope, name) pair, so names that normalise apart are never reported.
 */
import fc from "fast-check";
import {
  isRefusal,
  resetPhysicalNames,
  validateBucketArgs,
  type Adapter,
  type BucketSpec,
  type PhysicalName,
} from "@wissel/core";
import { adapter as azure } from "@wissel/azure";
import { adapter as kubernetes } from "@wissel/kubernetes";
import { adapter as openstack } from "@wissel/openstack";
import { adapter as scaleway } from "@wissel/scaleway";
import { claimPhysicalNames, physicalNameIssues } from "../packages/core/src/collisions";
import { flagshipSettings } from "./flagship";

jest.setTimeout(60_000);

function namerOf<S>(adapter: Adapter<S>): (name: string) => readonly PhysicalName[] {
  const settings = adapter.parseSettings(flagshipSettings(adapter.name));
  const spec: BucketSpec = validateBucketArgs({}, "Bucket");
  const block = adapter.blocks.bucket?.();
  if (block?.names === undefined) throw new Error(`${adapter.name} declares no bucket names`);
  const { names } = block;
  return (name) => {
    const ctx = {
      name,
      subject: `Bucket "${name}"`,
      settings,
      project: "team-workspace",
      stack: adapter.name,
    };
    const plan = block.plan(spec, ctx);
    if (isRefusal(plan)) throw new Error(`${adapter.name} refuses a default bucket "${name}"`);
    return names.call(block, plan, ctx);
  };
}

const NAMERS: readonly [string, (name: string) => readonly PhysicalName[]][] = [
  ["kubernetes", namerOf(kubernetes)],
  ["azure", namerOf(azure)],
  ["scaleway", namerOf(scaleway)],
  ["openstack", namerOf(openstack)],
];

const resourceName = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,70}$/),
  fc.string({ minLength: 1, maxLength: 80 }),
);
const id = (p: PhysicalName): string => `${p.scope}\u0000${p.name}`;

describe.each(NAMERS)("bucket names on %s", (_target, namer) => {
  it("collide exactly when a declared (scope, name) is shared", () => {
    fc.assert(
      fc.property(resourceName, resourceName, (a, b) => {
        resetPhysicalNames();
        const first = namer(a);
        const second = namer(b);
        claimPhysicalNames(`Bucket "${a}"`, a, first);
        const shared = second.some((p) => first.some((q) => id(p) === id(q)));
        expect(physicalNameIssues(`Bucket "${b}"`, b, second).length > 0).toBe(shared);
      }),
      { numRuns: 300 },
    );
  });
});
