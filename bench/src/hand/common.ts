/**
 * What the hand-written programs share: which buckets to create and their physical names. A team
 * writing these programs by hand would have the same few lines; nothing here comes from Wissel, so a
 * hand-written program's process never loads a Wissel package.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/** One bucket's choices. */
export interface BucketChoice {
  readonly name: string;
  readonly versioning: boolean;
  readonly expireAfterDays?: number;
}

/**
 * A short, stable suffix for globally unique names: the first 8 hex digits of the SHA-256 of project,
 * stack and resource name (the same rule the Wissel program's names follow, so both create buckets
 * with the same names).
 */
export function nameSuffix(name: string): string {
  return createHash("sha256")
    .update(`${pulumi.getProject()}\u0000${pulumi.getStack()}\u0000${name}`)
    .digest("hex")
    .slice(0, 8);
}

/** `files` and `exports`, with the same per-stack choices the team-workspace program reads. */
export function teamWorkspaceBuckets(): BucketChoice[] {
  const config = new pulumi.Config();
  const filesVersioning = config.getBoolean("filesVersioning") ?? true;
  const exportsExpireAfterDays = config.getNumber("exportsExpireAfterDays");
  return [
    { name: "files", versioning: filesVersioning },
    {
      name: "exports",
      versioning: false,
      ...(exportsExpireAfterDays !== undefined ? { expireAfterDays: exportsExpireAfterDays } : {}),
    },
  ];
}

/** The flagship's cluster: `KubernetesCluster("platform", { nodeCount: 3, vcpu: 4, memoryGiB: 16 })` on the default minor. */
export const PLATFORM = { name: "platform", nodeCount: 3, version: "1.35" } as const;

/** The flagship's namespace: its name, quota and the team's group. */
export interface WorkspaceChoice {
  readonly name: string;
  readonly quota: {
    readonly cpu: number;
    readonly memoryGiB: number;
    readonly storageGiB: number;
    readonly pods: number;
  };
  /** The team's group, as the stack names it (`team-workspace:teamGroup`). */
  readonly teamGroup?: string;
}

/** `workspace`, with the quota the team-workspace program asks and the stack's team group. */
export function teamWorkspaceNamespace(): WorkspaceChoice {
  const teamGroup = new pulumi.Config().get("teamGroup");
  return {
    name: "workspace",
    quota: { cpu: 8, memoryGiB: 16, storageGiB: 100, pods: 60 },
    ...(teamGroup !== undefined ? { teamGroup } : {}),
  };
}

/** `count` plain buckets: no versioning, kept until deleted. */
export function scaleBuckets(count: number): BucketChoice[] {
  return Array.from({ length: count }, (_, i) => ({ name: `bucket-${i}`, versioning: false }));
}

/**
 * The vendor settings, read from the same stack file as the Wissel program so both get identical
 * values (a hand-written program would name its own keys; the cost of reading one object is the same).
 */
export function stackSettings<T>(vendor: string): T {
  return new pulumi.Config("wissel").requireObject<T>(vendor);
}

/** A plain component grouping one bucket's resources. */
class HandBucket extends pulumi.ComponentResource {
  constructor(name: string) {
    super("bench:hand:Bucket", name, {}, {});
  }

  done(binding: pulumi.Output<unknown>): void {
    this.registerOutputs({ binding });
  }
}

/**
 * The scale program: `count` buckets, each either straight in the stack (a plain hand-written
 * program) or inside a ComponentResource of its own with its binding as the component's output (a
 * hand-written program that groups each bucket's resources the way any component library does). The
 * second variant separates what Pulumi's component model costs from what Wissel's own code costs.
 */
export function scaleProgram<T>(
  count: number,
  asComponents: boolean,
  build: (choice: BucketChoice, parent: pulumi.ComponentResource | undefined) => pulumi.Output<T>,
): pulumi.Output<T>[] {
  return scaleBuckets(count).map((choice) => {
    if (!asComponents) return build(choice, undefined);
    const component = new HandBucket(choice.name);
    const binding = build(choice, component);
    component.done(binding);
    return binding;
  });
}

/** `{ parent }` when there is one. */
export function under(parent: pulumi.ComponentResource | undefined): pulumi.CustomResourceOptions {
  return parent !== undefined ? { parent } : {};
}

/** The data-keeping options every stateful child gets. */
export const KEEP: pulumi.CustomResourceOptions = { protect: true, retainOnDelete: true };
