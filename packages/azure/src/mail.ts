/**
 * `MailDomain` and `Mailbox` on Azure: the Kubernetes adapter's mail server (Postfix, Dovecot,
 * OpenDKIM) on an AKS cluster of the program, which keeps the mail and serves IMAP, and relays all
 * outgoing mail through Azure Communication Services Email (`./mail-acs`).
 */
import {
  hostPlacement,
  defineBlock,
  isRefusal,
  type AdapterBlock,
  type ClusterRef,
  type Issue,
  type MailboxBuildSpec,
  type BuildContext,
  configSetCommand,
} from "@wissel/core";
import type { MailServerPlan, MailboxPlan } from "@wissel/kubernetes/compose";
import { kubernetesCompose } from "./compose";
import { acsPhysicalNames, addSender, buildAcs, planAcs, type AcsPlan } from "./mail-acs";
import { ACS_SMTP } from "./mail-acs-facts";
import type { AzureSettings } from "./settings";

/** What needs `@wissel/kubernetes` here, for the message when it is not installed. */
const PURPOSE = "a MailDomain or Mailbox";

const mailParts = () => kubernetesCompose(PURPOSE).mailServerParts();

const IMAGE_COMMAND = configSetCommand(
  "wissel:azure",
  ["mail", "image"],
  "registry.example.nl/wissel/mail-server:1.0.0",
);

/** A domain without an AKS cluster of the program: Azure mail needs one for the server. */
function missingCluster(subject: string): Issue {
  return {
    subject,
    field: "cluster",
    value: undefined,
    rule: 'must be a KubernetesCluster on target "azure": the mail server that keeps the mail and serves IMAP runs on an AKS cluster the program builds, and this program has none',
    fix: 'Create a KubernetesCluster in the program (new KubernetesCluster("apps")), or pass it: new MailDomain(name, { domain, cluster }).',
  };
}

/** A domain's plan: the mail server's, its AKS cluster, and its Communication Services side. */
export interface MailDomainPlan {
  readonly server: MailServerPlan;
  readonly cluster: ClusterRef;
  readonly acs: AcsPlan;
}

export const mailDomain = defineBlock<"mailDomain", AzureSettings, MailDomainPlan>({
  // The server, its DKIM key and the mail run on the AKS cluster: placed where they run.
  host: (spec) => spec.cluster,
  plan: (spec, ctx) => {
    const { cluster } = spec;
    if (cluster === undefined) return [missingCluster(ctx.subject)];
    const planned = mailParts().planMailServer(spec, ctx, {
      settingsKey: "wissel:azure",
      settings: ctx.settings.mail,
      imageCommand: IMAGE_COMMAND,
      runsOn: `the AKS cluster "${cluster.name}"`,
      relayHost: ACS_SMTP,
    });
    return isRefusal(planned)
      ? planned
      : { server: planned, cluster, acs: planAcs(spec.domain, ctx, ctx.settings) };
  },
  names: ({ server, cluster, acs }, ctx) => [
    ...mailParts().mailServerPhysicalNames(server, cluster),
    ...acsPhysicalNames(acs, ctx.settings),
  ],
  build: ({ server, cluster, acs }, ctx) => {
    const relay = buildAcs(acs, ctx);
    const built = mailParts().buildMailServer(server, ctx, {
      cluster,
      provider: cluster.provider(),
      dependsOn: [cluster.resource],
      relayCredentials: relay.relayCredentials,
      sendingDns: relay.sendingDns,
    });
    return {
      ...built,
      vendorResources: { ...built.vendorResources, ...relay.vendorResources },
      decisions: [...(built.decisions ?? []), ...relay.decisions],
      mailStore: hostPlacement(cluster, ctx.placement.target),
    };
  },
});

/** A mailbox on Azure: an account on its domain's server, and a sender username in its domain. */
export function mailbox(): AdapterBlock<"mailbox", AzureSettings, MailboxPlan> {
  return mailParts().mailboxOnServer<AzureSettings>(
    (spec: MailboxBuildSpec, ctx: BuildContext<AzureSettings>) => addSender(spec, ctx),
  );
}
