import * as pulumi from "@pulumi/pulumi";
import { bindBlock, type BindingNamespace, type BoundSecret } from "../bindings/bind";
import type { Adapter, Placement } from "../adapter";
import { buildContext, prepareBlock, recordBlock, type BlockInfo, type RequestedFeature } from "../block";
import type { BucketArgs, BucketBinding, BucketSpec } from "./contract";
import { validateBucketArgs } from "./validate";

const INFO: BlockInfo = { kind: "bucket", type: "wissel:storage:Bucket", noun: "bucket" };

/** The features a bucket spec asks of its target. */
export function requestedBucketFeatures(spec: BucketSpec): RequestedFeature[] {
  const features: RequestedFeature[] = [];
  if (spec.versioning) features.push({ feature: "versioning", field: "versioning", value: true });
  if (spec.expireAfterDays !== undefined) {
    features.push({ feature: "expireAfterDays", field: "expireAfterDays", value: spec.expireAfterDays });
  }
  if (spec.cors.length > 0) features.push({ feature: "cors", field: "cors", value: spec.cors });
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
export class Bucket extends pulumi.ComponentResource {
  /** What the application needs to use the bucket; secret, as it holds credentials. */
  public readonly binding: pulumi.Output<BucketBinding>;
  /** The vendor's bucket or container name. */
  public readonly bucketName: pulumi.Output<string>;
  /** The object API endpoint. */
  public readonly endpoint: pulumi.Output<string>;
  /** The adapter that built this bucket. */
  public readonly target: Adapter;
  /** Vendor, region, country and jurisdiction of the data. */
  public readonly placement: Placement;
  /** The raw vendor resources, by role: the escape hatch. */
  public readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;

  private readonly blockName: string;

  constructor(name: string, args: BucketArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    const prepared = prepareBlock(INFO, name, args, validateBucketArgs, requestedBucketFeatures);
    super(INFO.type, name, {}, opts);
    this.blockName = name;

    const builder = prepared.adapter.builders.bucket!;
    const built = builder(buildContext(prepared, this), prepared.spec);
    this.target = prepared.adapter;
    this.placement = prepared.placement;
    this.vendorResources = built.vendorResources;
    this.binding = pulumi.secret(built.binding);
    this.bucketName = pulumi.unsecret(built.binding.apply((b) => b.bucket));
    this.endpoint = pulumi.unsecret(built.binding.apply((b) => b.endpoint));
    recordBlock(prepared, built.decisions ?? []);

    this.registerOutputs({ binding: this.binding, bucketName: this.bucketName, endpoint: this.endpoint });
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
