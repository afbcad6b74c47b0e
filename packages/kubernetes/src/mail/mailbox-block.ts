/**
 * The Mailbox block wherever the domain's mail server runs on Kubernetes (this target, AKS, Kapsule,
 * Magnum): an account on that server. A vendor whose sending service needs to know each sender
 * (Azure's sender usernames) adds its part through `vendorPart`.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  defineBlock,
  planOrIssues,
  type AdapterBlock,
  type BuildContext,
  type Decision,
  type MailboxBuildSpec,
} from "@wissel/core";
import { mailboxOnServerIssues, mailboxPhysicalNames } from "./plan";
import { addMailbox } from "./mailbox";
import { mailServerOf } from "./state";

/** A mailbox's plan: its spec, on its domain's server. */
export interface MailboxPlan {
  readonly spec: MailboxBuildSpec;
}

/** What a vendor registers for one mailbox beside its account (a sender username). */
export interface MailboxVendorPart {
  readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
  readonly decisions?: readonly Decision[];
}

/** The Mailbox block on a domain whose server this package runs. */
export function mailboxOnServer<Settings>(
  vendorPart?: (spec: MailboxBuildSpec, ctx: BuildContext<Settings>) => MailboxVendorPart,
): AdapterBlock<"mailbox", Settings, MailboxPlan> {
  return defineBlock<"mailbox", Settings, MailboxPlan>({
    plan: (spec, ctx) => planOrIssues(mailboxOnServerIssues(spec, ctx.subject), () => ({ spec })),
    names: ({ spec }, ctx) => {
      const server = mailServerOf(spec.mailDomain.resource);
      return server !== undefined
        ? mailboxPhysicalNames(ctx.name, server.plan.namespace, server.cluster)
        : [];
    },
    build: ({ spec }, ctx) => {
      const account = addMailbox(spec.mailDomain.resource, spec, ctx);
      const vendor = vendorPart?.(spec, ctx);
      if (vendor === undefined) return account;
      return {
        ...account,
        vendorResources: { ...account.vendorResources, ...vendor.vendorResources },
        decisions: [...(account.decisions ?? []), ...(vendor.decisions ?? [])],
      };
    },
  });
}
