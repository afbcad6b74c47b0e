import * as pulumi from "@pulumi/pulumi";
import { bindBlock, type BindingNamespace, type BoundSecret } from "../bindings/bind";
import type { Adapter, Placement } from "../adapter";
import type { PostgresBuildSpec } from "../adapter-block";
import { prepareBlock, type RequestedFeature } from "../block";
import {
  blockOutputs,
  buildBlock,
  componentOptions,
  type KindInfo,
  type WisselBlock,
} from "../block-base";
import type { Namespace } from "../kubernetes/namespace";
import type { PostgresBinding, PostgresDatabaseArgsData } from "./contract";
import { validatePostgresArgs } from "./validate";
import { referenced } from "../references";

const INFO: KindInfo<"postgres"> = {
  kind: "postgres",
  type: "wissel:postgres:Database",
  noun: "database",
};

/** Arguments of `PostgresDatabase`. */
export interface PostgresDatabaseArgs extends PostgresDatabaseArgsData {
  /**
   * The namespace whose workloads use the database. Targets that run PostgreSQL on Kubernetes
   * (CloudNativePG: the `kubernetes` target, OpenStack without Trove) run it there; managed services
   * put the database where that namespace's cluster reaches it (its private network, or a setup job
   * on it). A target that can do neither with it rejects it at preview.
   * @default - the adapter's configured namespace, or the program's only cluster on the target
   */
  readonly namespace?: Namespace;
}

/** The features a database spec asks of its target, each with the spec that does not ask for it. */
export function requestedPostgresFeatures(
  spec: PostgresBuildSpec,
): RequestedFeature<PostgresBuildSpec>[] {
  const features: RequestedFeature<PostgresBuildSpec>[] = [];
  if (spec.highAvailability)
    features.push({
      feature: "highAvailability",
      field: "highAvailability",
      value: true,
      without: (s) => ({ ...s, highAvailability: false }),
    });
  if (spec.pointInTimeRecovery)
    features.push({
      feature: "pointInTimeRecovery",
      field: "pointInTimeRecovery",
      value: true,
      without: (s) => ({ ...s, pointInTimeRecovery: false }),
    });
  if (spec.extensions.length > 0)
    features.push({
      feature: "extensions",
      field: "extensions",
      value: spec.extensions,
      without: (s) => ({ ...s, extensions: [] }),
    });
  if (spec.allowedCidrs.length > 0)
    features.push({
      feature: "allowedCidrs",
      field: "allowedCidrs",
      value: spec.allowedCidrs,
      without: (s) => ({ ...s, allowedCidrs: [] }),
    });
  return features;
}

/**
 * A PostgreSQL database with its own least-privileged login role, TLS-only, reachable from private
 * networks (and named CIDRs) only, backed up, protected against deletion.
 *
 * @example
 * const orders = new PostgresDatabase("orders", { storageGiB: 64, extensions: ["pgcrypto"] });
 * export const ordersUri = orders.binding.apply((b) => b.uri);
 */
export class PostgresDatabase extends pulumi.ComponentResource implements WisselBlock<"postgres"> {
  /** {@inheritDoc WisselBlock.binding} */
  public readonly binding: pulumi.Output<PostgresBinding>;
  /** {@inheritDoc WisselBlock.target} */
  public readonly target: Adapter;
  /** {@inheritDoc WisselBlock.placement} */
  public readonly placement: Placement;
  /** {@inheritDoc WisselBlock.vendorResources} */
  public readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
  /** The server's host name. */
  public readonly host: pulumi.Output<string>;
  private readonly blockName: string;

  constructor(
    name: string,
    args: PostgresDatabaseArgs = {},
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    const prepared = prepareBlock(
      INFO,
      name,
      args,
      (raw, subject): PostgresBuildSpec => {
        const spec = validatePostgresArgs(raw, subject, name);
        const namespace = referenced(
          "namespace",
          "namespace",
          (raw as { namespace?: unknown } | undefined)?.namespace,
          subject,
        );
        return namespace !== undefined ? { ...spec, namespace } : spec;
      },
      requestedPostgresFeatures,
    );
    super(INFO.type, name, {}, componentOptions(prepared, opts));
    this.blockName = name;
    const block = buildBlock(prepared, this);
    ({
      binding: this.binding,
      target: this.target,
      placement: this.placement,
      vendorResources: this.vendorResources,
    } = block);
    this.host = pulumi.unsecret(block.built.binding.apply((b) => b.host));
    this.registerOutputs(blockOutputs(prepared, block, { host: this.host }));
  }

  /**
   * Publishes this block's binding into a Kubernetes Secret `<name>-binding` in the namespace, under
   * the environment contract (`WISSEL_CONTRACT_VERSION`, `WISSEL_<NAME>_<KEY>`; docs/bindings.md),
   * for a pod to load with `envFrom` and read with @wissel/runtime. The Secret is secret end to end.
   * Throws when the block's name does not map cleanly to an environment name.
   */
  bindTo(namespace: BindingNamespace): BoundSecret {
    return bindBlock(this, "postgres", this.blockName, this.binding, namespace);
  }
}
