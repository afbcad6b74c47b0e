/**
 * What the block classes share, as an interface and two steps rather than a base class: the
 * Pulumi SDK takes a resource's source position a fixed number of constructor frames above
 * `Resource`, so a class between `ComponentResource` and `Bucket` would point every diagnostic at
 * core's own code instead of the user's line.
 */
import * as pulumi from "@pulumi/pulumi";
import { BLOCK_CLASSES, type Adapter, type Placement } from "./adapter";
import type { BlockContracts, BuildableKind, BuildResultOf } from "./adapter-block";
import { buildContext, recordBlock, type PreparedBlock } from "./block";
import { guardVendorSwitch } from "./vendor-switch";

export type { KindInfo } from "./block";

/** The block kinds with a class: the kinds an adapter builds. */
export type ClassKind = BuildableKind;
type BindingOf<K extends ClassKind> = pulumi.Unwrap<BlockContracts[K]["binding"]>;

/** What every block offers, whatever its kind. */
export interface WisselBlock<K extends ClassKind> {
  /** What an application needs to use the block; secret, as it holds credentials. */
  readonly binding: pulumi.Output<BindingOf<K>>;
  /** The adapter that built this block. */
  readonly target: Adapter;
  /** Vendor, region, country and jurisdiction of what the block holds or runs. */
  readonly placement: Placement;
  /** The raw vendor resources, by role: the escape hatch. */
  readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
}

/** A block as its adapter built it: its shared members, and what the builder returned. */
export interface BuiltBlock<K extends ClassKind> extends WisselBlock<K> {
  readonly built: BuildResultOf<K>;
}

/** Has the target's block build its plan's children under `parent`, the component just registered. */
export function buildBlock<K extends ClassKind>(
  prepared: PreparedBlock<K>,
  parent: pulumi.ComponentResource,
): BuiltBlock<K> {
  const built = prepared.block.build(prepared.plan, buildContext(prepared, parent));
  return {
    built,
    binding: pulumi.secret(built.binding),
    target: prepared.adapter,
    placement: prepared.placement,
    vendorResources: built.vendorResources,
  };
}

/**
 * Records the block for the plan, and returns the outputs its component registers: the binding
 * first, and where it was built (target, vendor, region, country), which the stack's state keeps so
 * that `wissel plan --against` sees a later switch of vendor.
 */
export function blockOutputs<K extends ClassKind>(
  prepared: PreparedBlock<K>,
  block: BuiltBlock<K>,
  outputs: Readonly<Record<string, pulumi.Input<unknown>>> = {},
): pulumi.Inputs {
  recordBlock(prepared, block.built.decisions ?? []);
  const { target, vendor, region, country } = block.placement;
  return { binding: block.binding, placement: { target, vendor, region, country }, ...outputs };
}

/** The block kinds that hold data: a switch of their vendor needs a migration. */
const HOLDS_DATA: ReadonlySet<ClassKind> = new Set([
  "bucket",
  "postgres",
  "namespace",
  "mailDomain",
  "mailbox",
]);

/**
 * The options a block's component registers with. A block that holds data waits for the
 * vendor-switch check (`vendor-switch.ts`), so that a switch nobody declared registers nothing.
 */
export function componentOptions<K extends ClassKind>(
  prepared: PreparedBlock<K>,
  opts: pulumi.ComponentResourceOptions,
): pulumi.ComponentResourceOptions {
  if (!HOLDS_DATA.has(prepared.info.kind)) return opts;
  return guardVendorSwitch(
    {
      block: prepared.subject,
      noun: BLOCK_CLASSES[prepared.info.kind],
      name: prepared.name,
      targetKey: prepared.targetKey,
      type: prepared.info.type,
      placement: prepared.placement,
    },
    opts,
  );
}
