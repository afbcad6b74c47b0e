/**
 * `MailDomain` and `Mailbox` on Scaleway: the Kubernetes adapter's mail server (Postfix, Dovecot,
 * OpenDKIM) on a Kapsule cluster of the program, which keeps the mail and serves IMAP, and relays
 * all outgoing mail through Scaleway Transactional Email in fr-par (`./mail-tem`).
 */
import {
  configSetCommand,
  defineBlock,
  hostPlacement,
  isRefusal,
  type AdapterBlock,
  type ClusterRef,
  type Issue,
} from "@wissel/core";
import type { MailServerPlan, MailboxPlan } from "@wissel/kubernetes/compose";
import { kubernetesCompose } from "./compose";
import { buildTem, planTem, temDecisions, temPhysicalNames, type TemPlan } from "./mail-tem";
import { TEM_SMTP, temPlacement } from "./mail-tem-facts";
import type { ScalewaySettings } from "./settings";

/** What needs `@wissel/kubernetes` here, for the message when it is not installed. */
const PURPOSE = "a MailDomain or Mailbox";

const mailParts = () => kubernetesCompose(PURPOSE).mailServerParts();

const IMAGE_COMMAND = configSetCommand(
  "wissel:scaleway",
  ["mail", "image"],
  "registry.example.nl/wissel/mail-server:1.0.0",
);

/** A domain without a Kapsule cluster of the program: Scaleway mail needs one for the server. */
function missingCluster(subject: string): Issue {
  return {
    subject,
    field: "cluster",
    value: undefined,
    rule: 'must be a KubernetesCluster on target "scaleway": the mail server that keeps the mail and serves IMAP runs on a Kapsule cluster the program builds (Transactional Email only sends), and this program has none',
    fix: 'Create a KubernetesCluster in the program (new KubernetesCluster("apps")), or pass it: new MailDomain(name, { domain, cluster }).',
  };
}

/** A domain's plan: the mail server's, its Kapsule cluster, and its Transactional Email side. */
export interface MailDomainPlan {
  readonly server: MailServerPlan;
  readonly cluster: ClusterRef;
  readonly tem: TemPlan;
}

export const mailDomain = defineBlock<"mailDomain", ScalewaySettings, MailDomainPlan>({
  // No host: the domain is placed where its mail is sent from, TEM in fr-par whatever the stack's
  // region, so wissel:policy judges France for every message the domain sends. The mail it keeps
  // is on the Kapsule cluster, reported as the build's mailStore, where IMAP mailboxes are placed.
  placement: () => temPlacement(),
  plan: (spec, ctx) => {
    const { cluster } = spec;
    if (cluster === undefined) return [missingCluster(ctx.subject)];
    const { mail, projectId } = ctx.settings;
    const planned = mailParts().planMailServer(spec, ctx, {
      settingsKey: "wissel:scaleway",
      settings: mail,
      imageCommand: IMAGE_COMMAND,
      runsOn: `the Kapsule cluster "${cluster.name}"`,
      relayHost: TEM_SMTP,
    });
    return isRefusal(planned)
      ? planned
      : {
          server: planned,
          cluster,
          tem: planTem(spec.domain, ctx, projectId, mail?.verifiedDomains ?? []),
        };
  },
  names: ({ server, cluster, tem }) => [
    ...mailParts().mailServerPhysicalNames(server, cluster),
    ...temPhysicalNames(tem),
  ],
  build: ({ server, cluster, tem }, ctx) => {
    const relay = buildTem(tem, ctx);
    const built = mailParts().buildMailServer(server, ctx, {
      cluster,
      provider: cluster.provider(),
      dependsOn: [cluster.resource],
      relayCredentials: relay.relayCredentials,
      sendingDns: relay.sendingDns,
    });
    const mailStore = hostPlacement(cluster, ctx.placement.target);
    return {
      ...built,
      vendorResources: { ...built.vendorResources, ...relay.vendorResources },
      decisions: [...built.decisions, ...temDecisions(tem, mailStore, cluster.name)],
      mailStore,
    };
  },
});

/** A mailbox on Scaleway: an account on its domain's server. TEM needs nothing per sender. */
export function mailbox(): AdapterBlock<"mailbox", ScalewaySettings, MailboxPlan> {
  return mailParts().mailboxOnServer<ScalewaySettings>();
}
