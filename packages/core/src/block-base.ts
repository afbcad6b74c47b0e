/**
 * What the four block classes share, as an interface and two steps rather than a base class: the
 * Pulumi SDK takes a resource's source position a fixed number of constructor frames above
 * `Resource`, so a class between `ComponentResource` and `Bucket` would point every diagnostic at
 * core's own code instead of the user's line.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Adapter, BlockContracts, BuildResultOf, Placement } from "./adapter";
import { buildContext, recordBlock, type BlockInfo, type PreparedBlock } from "./block";

/** The block kinds with a class, and what each builds from and returns. */
export type ClassKind = keyof BlockContracts;
type SpecOf<K extends ClassKind> = BlockContracts[K]["spec"];
type BindingOf<K extends ClassKind> = pulumi.Unwrap<BlockContracts[K]["binding"]>;

/** A block's info, for one kind. */
export interface KindInfo<K extends ClassKind> extends BlockInfo {
  readonly kind: K;
}

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

/** Has the target's adapter build the block's children under `parent`, the component just registered. */
export function buildBlock<K extends ClassKind>(
  prepared: PreparedBlock<SpecOf<K>, KindInfo<K>>,
  parent: pulumi.ComponentResource,
): BuiltBlock<K> {
  // prepareBlock refused the block unless its target builds this kind.
  const builder = prepared.adapter.builders[prepared.info.kind]!;
  const built = builder(buildContext(prepared, parent), prepared.spec);
  return {
    built,
    binding: pulumi.secret(built.binding),
    target: prepared.adapter,
    placement: prepared.placement,
    vendorResources: built.vendorResources,
  };
}

/** Records the block for the plan, and returns the outputs its component registers: the binding first. */
export function blockOutputs<K extends ClassKind>(
  prepared: PreparedBlock<SpecOf<K>, KindInfo<K>>,
  block: BuiltBlock<K>,
  outputs: Readonly<Record<string, pulumi.Input<unknown>>> = {},
): pulumi.Inputs {
  recordBlock(prepared, block.built.decisions ?? []);
  return { binding: block.binding, ...outputs };
}
