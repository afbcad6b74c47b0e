import * as pulumi from "@pulumi/pulumi";
import type { Adapter, Placement } from "../adapter";
import type { MailboxBuildSpec } from "../adapter-block";
import { prepareBlock, type RequestedFeature } from "../block";
import {
  blockOutputs,
  buildBlock,
  componentOptions,
  type KindInfo,
  type WisselBlock,
} from "../block-base";
import { claimPhysicalNames, physicalNameIssues, type PhysicalName } from "../collisions";
import { WisselError } from "../errors";
import { referenced } from "../references";
import type { MailboxArgs, MailboxBinding } from "./contract";
import { validateMailboxArgs } from "./validate";

const INFO: KindInfo<"mailbox"> = { kind: "mailbox", type: "wissel:mail:Mailbox", noun: "mailbox" };

/** The features a mailbox spec asks of its target, each with the spec that does not ask for it. */
export function requestedMailboxFeatures(
  spec: MailboxBuildSpec,
): RequestedFeature<MailboxBuildSpec>[] {
  const features: RequestedFeature<MailboxBuildSpec>[] = [];
  if (spec.imap)
    features.push({
      feature: "imap",
      field: "imap",
      value: true,
      without: (s) => ({ ...s, imap: false, aliases: [] }),
    });
  if (spec.aliases.length > 0)
    features.push({
      feature: "aliases",
      field: "aliases",
      value: spec.aliases,
      without: (s) => ({ ...s, aliases: [] }),
    });
  return features;
}

/** The addresses a mailbox takes on its domain: its own and its aliases'. */
export function mailboxAddresses(spec: MailboxBuildSpec): PhysicalName[] {
  return [spec.localPart, ...spec.aliases].map((local) => ({
    scope: `mail:${spec.domain}`,
    name: `${local}@${spec.domain}`,
    what: "address",
  }));
}

function domainArg(raw: unknown, subject: string) {
  return referenced("mailDomain", "domain", (raw as { domain?: unknown }).domain, subject);
}

/**
 * A functional mailbox (`meldingen@…`) on a `MailDomain`: an address an application or a team sends
 * and, with `imap` (the default), reads mail with. Its password is generated per mailbox and kept
 * secret; the binding carries the SMTP and IMAP endpoints and the login.
 *
 * @example
 * const meldingen = new Mailbox("meldingen", { domain: mail, localPart: "meldingen", quotaGiB: 10 });
 * export const meldingenBinding = meldingen.binding;
 */
export class Mailbox extends pulumi.ComponentResource implements WisselBlock<"mailbox"> {
  /** {@inheritDoc WisselBlock.binding} */
  public readonly binding: pulumi.Output<MailboxBinding>;
  /** {@inheritDoc WisselBlock.target} */
  public readonly target: Adapter;
  /** {@inheritDoc WisselBlock.placement} */
  public readonly placement: Placement;
  /** {@inheritDoc WisselBlock.vendorResources} */
  public readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
  /** `localPart@domain`. */
  public readonly address: string;

  constructor(name: string, args: MailboxArgs, opts: pulumi.ComponentResourceOptions = {}) {
    let addresses: PhysicalName[] = [];
    const prepared = prepareBlock(
      INFO,
      name,
      args,
      (raw, subject): MailboxBuildSpec => {
        const mailDomain = domainArg(raw, subject);
        const spec = validateMailboxArgs(raw, subject);
        // validateMailboxArgs refuses a mailbox without a domain, so one was passed here.
        const built: MailboxBuildSpec = { ...spec, mailDomain: mailDomain! };
        // Two mailboxes (or a mailbox and another's alias) cannot take one address.
        addresses = mailboxAddresses(built);
        const taken = physicalNameIssues(subject, name, addresses);
        if (taken.length > 0) throw new WisselError(taken);
        return built;
      },
      requestedMailboxFeatures,
      (raw, subject) => {
        const mailDomain = domainArg(raw, subject);
        return mailDomain !== undefined
          ? { target: mailDomain.target, key: `the MailDomain "${mailDomain.name}"` }
          : undefined;
      },
    );
    claimPhysicalNames(prepared.subject, name, addresses);
    super(INFO.type, name, {}, componentOptions(prepared, opts));
    const block = buildBlock(prepared, this);
    ({
      binding: this.binding,
      target: this.target,
      placement: this.placement,
      vendorResources: this.vendorResources,
    } = block);
    this.address = prepared.spec.address;
    this.registerOutputs(blockOutputs(prepared, block, { address: this.address }));
  }
}
