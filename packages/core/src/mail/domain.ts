import * as pulumi from "@pulumi/pulumi";
import type { Adapter, Placement } from "../adapter";
import type { MailDomainBuildSpec, MailDomainRef } from "../adapter-block";
import { prepareBlock, type RequestedFeature } from "../block";
import {
  blockOutputs,
  buildBlock,
  componentOptions,
  type KindInfo,
  type WisselBlock,
} from "../block-base";
import { defaultCluster } from "../kubernetes/namespace";
import { referenced } from "../references";
import type { MailDomainArgs, MailDomainBinding } from "./contract";
import type { MailDnsRecord } from "./dns";
import { validateMailDomainArgs } from "./validate";

const INFO: KindInfo<"mailDomain"> = {
  kind: "mailDomain",
  type: "wissel:mail:Domain",
  noun: "mail domain",
};

/** The features a domain spec asks of its target, each with the spec that does not ask for it. */
export function requestedMailDomainFeatures(
  spec: MailDomainBuildSpec,
): RequestedFeature<MailDomainBuildSpec>[] {
  return spec.tls !== undefined
    ? [{ feature: "tls", field: "tls", value: spec.tls, without: ({ tls: _, ...s }) => s }]
    : [];
}

function clusterArg(raw: unknown, subject: string) {
  return referenced("cluster", "cluster", (raw as { cluster?: unknown }).cluster, subject);
}

/**
 * A mail domain: what exists once per domain (its DKIM key, the DNS records its owner publishes,
 * the vendor's sending service, and where one runs, the mail server its mailboxes share). The
 * records are an output to hand to the registrar: mail is delivered and trusted only once they
 * are published.
 *
 * @example
 * const mail = new MailDomain("mail", { domain: "meldingen.amsterdam.nl", tls: { issuer: "letsencrypt" } });
 * export const records = mail.dnsRecords;
 */
export class MailDomain extends pulumi.ComponentResource implements WisselBlock<"mailDomain"> {
  /** {@inheritDoc WisselBlock.binding} */
  public readonly binding: pulumi.Output<MailDomainBinding>;
  /** {@inheritDoc WisselBlock.target} */
  public readonly target: Adapter;
  /** {@inheritDoc WisselBlock.placement} */
  public readonly placement: Placement;
  /** {@inheritDoc WisselBlock.vendorResources} */
  public readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
  /** The domain's DNS name, as validated. */
  public readonly domainName: string;
  /** The records the domain's owner publishes (MX, SPF, DKIM, DMARC, a vendor's verification). */
  public readonly dnsRecords: pulumi.Output<readonly MailDnsRecord[]>;
  /** How the domain's mailboxes see it. */
  public readonly ref: MailDomainRef;

  constructor(name: string, args: MailDomainArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const prepared = prepareBlock(
      INFO,
      name,
      args,
      (raw, subject, target): MailDomainBuildSpec => {
        const spec = validateMailDomainArgs(raw, subject);
        const cluster = clusterArg(raw, subject) ?? defaultCluster(subject, target);
        return cluster !== undefined ? { ...spec, cluster } : spec;
      },
      requestedMailDomainFeatures,
      (raw, subject) => {
        const cluster = clusterArg(raw, subject);
        return cluster !== undefined
          ? { target: cluster.target, key: `the cluster "${cluster.name}"` }
          : undefined;
      },
    );
    super(INFO.type, name, {}, componentOptions(prepared, opts));
    const block = buildBlock(prepared, this);
    ({
      binding: this.binding,
      target: this.target,
      placement: this.placement,
      vendorResources: this.vendorResources,
    } = block);
    this.domainName = prepared.spec.domain;
    this.dnsRecords = pulumi.unsecret(block.built.binding.apply((b) => b.dnsRecords));
    const mailStore = block.built.mailStore;
    this.ref = {
      name,
      domain: this.domainName,
      target: this.target.name,
      placement: this.placement,
      resource: this,
      ...(mailStore !== undefined ? { mailStore } : {}),
    };
    this.registerOutputs(
      blockOutputs(prepared, block, { domain: this.domainName, dnsRecords: this.dnsRecords }),
    );
  }
}
