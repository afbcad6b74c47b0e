import * as pulumi from "@pulumi/pulumi";
import { bindBlock, type BindingNamespace, type BoundSecret } from "../bindings/bind";
import { prepareBlock, type RequestedFeature } from "../block";
import type { Adapter, Placement } from "../adapter";
import {
  blockOutputs,
  buildBlock,
  componentOptions,
  type KindInfo,
  type WisselBlock,
} from "../block-base";
import type { BucketArgs, BucketBinding, BucketSpec } from "./contract";
import { validateBucketArgs } from "./validate";

const INFO: KindInfo<"bucket"> = { kind: "bucket", type: "wissel:storage:Bucket", noun: "bucket" };

/** The features a bucket spec asks of its target, each with the spec that does not ask for it. */
export function requestedBucketFeatures(spec: BucketSpec): RequestedFeature<BucketSpec>[] {
  const features: RequestedFeature<BucketSpec>[] = [];
  if (spec.versioning)
    features.push({
      feature: "versioning",
      field: "versioning",
      value: true,
      without: (s) => ({ ...s, versioning: false }),
    });
  if (spec.expireAfterDays !== undefined) {
    features.push({
      feature: "expireAfterDays",
      field: "expireAfterDays",
      value: spec.expireAfterDays,
      without: ({ expireAfterDays: _, ...s }) => s,
    });
  }
  if (spec.cors.length > 0)
    features.push({
      feature: "cors",
      field: "cors",
      value: spec.cors,
      without: (s) => ({ ...s, cors: [] }),
    });
  return features;
}

/**
 * Object storage on the stack's target: private, encrypted at rest, TLS-only, with credentials for
 * the application scoped to this bucket where the vendor allows. Where the target cannot promise
 * encryption itself (a Kubernetes cluster, whose operator attests it), the bucket is refused at
 * preview until the operator does; an operator who attests no encryption gets public buckets only.
 *
 * @example
 * const uploads = new Bucket("uploads", { versioning: true });
 * export const uploadsBinding = uploads.binding;
 */
export class Bucket extends pulumi.ComponentResource implements WisselBlock<"bucket"> {
  /** {@inheritDoc WisselBlock.binding} */
  public readonly binding: pulumi.Output<BucketBinding>;
  /** {@inheritDoc WisselBlock.target} */
  public readonly target: Adapter;
  /** {@inheritDoc WisselBlock.placement} */
  public readonly placement: Placement;
  /** {@inheritDoc WisselBlock.vendorResources} */
  public readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
  /** The vendor's bucket or container name. */
  public readonly bucketName: pulumi.Output<string>;
  /** The object API endpoint. */
  public readonly endpoint: pulumi.Output<string>;
  private readonly blockName: string;

  constructor(name: string, args: BucketArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    const prepared = prepareBlock(INFO, name, args, validateBucketArgs, requestedBucketFeatures);
    super(INFO.type, name, {}, componentOptions(prepared, opts));
    this.blockName = name;
    const block = buildBlock(prepared, this);
    ({
      binding: this.binding,
      target: this.target,
      placement: this.placement,
      vendorResources: this.vendorResources,
    } = block);
    this.bucketName = pulumi.unsecret(block.built.binding.apply((b) => b.bucket));
    this.endpoint = pulumi.unsecret(block.built.binding.apply((b) => b.endpoint));
    this.registerOutputs(
      blockOutputs(prepared, block, { bucketName: this.bucketName, endpoint: this.endpoint }),
    );
  }

  /**
   * Publishes this block's binding into a Kubernetes Secret `<name>-binding` in the namespace, under
   * the environment contract (`WISSEL_CONTRACT_VERSION`, `WISSEL_<NAME>_<KEY>`; docs/bindings.md),
   * for a pod to load with `envFrom` and read with @wissel/runtime. The Secret is secret end to end.
   * Throws when the block's name does not map cleanly to an environment name.
   */
  bindTo(namespace: BindingNamespace): BoundSecret {
    return bindBlock(this, "bucket", this.blockName, this.binding, namespace);
  }
}
