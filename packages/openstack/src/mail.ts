/**
 * `MailDomain` and `Mailbox` on OpenStack: the Kubernetes adapter's mail server (Postfix, Dovecot,
 * OpenDKIM) on a Magnum cluster of the program, through that cluster's provider. OpenStack has no
 * mail service of its own, so the server sends straight to each recipient's MX.
 */
import { hostPlacement, defineBlock, isRefusal, type ClusterRef, type Issue } from "@wissel/core";
import type { MailServerPlan } from "@wissel/kubernetes/compose";
import { kubernetesCompose } from "./compose";
import { setCommand } from "./openstack-names";
import type { OpenStackSettings } from "./settings";
import { OPENSTACK_KEY } from "./vendor";

/** What needs `@wissel/kubernetes` here, for the message when it is not installed. */
const PURPOSE = "a MailDomain or Mailbox";

const mailParts = () => kubernetesCompose(PURPOSE).mailServerParts();

/** A domain without a Magnum cluster of the program: OpenStack has no cluster to fall back on. */
function missingCluster(subject: string): Issue {
  return {
    subject,
    field: "cluster",
    value: undefined,
    rule: 'must be a KubernetesCluster on target "openstack": the mail server runs on a Magnum cluster the program builds, and this program has none',
    fix: 'Create a KubernetesCluster in the program (new KubernetesCluster("apps")), or pass it: new MailDomain(name, { domain, cluster }).',
  };
}

/** A domain's plan: the mail server's, and the Magnum cluster it runs on. */
export interface MailDomainPlan {
  readonly server: MailServerPlan;
  readonly cluster: ClusterRef;
}

export const mailDomain = defineBlock<"mailDomain", OpenStackSettings, MailDomainPlan>({
  // The server, its DKIM key and its mail run on the Magnum cluster: placed where it runs.
  host: (spec) => spec.cluster,
  plan: (spec, ctx) => {
    const { cluster } = spec;
    if (cluster === undefined) return [missingCluster(ctx.subject)];
    const planned = mailParts().planMailServer(spec, ctx, {
      settingsKey: OPENSTACK_KEY,
      settings: ctx.settings.mail,
      imageCommand: setCommand(["mail", "image"], "registry.example.nl/wissel/mail-server:1.0.0"),
      runsOn: `the Magnum cluster "${cluster.name}"`,
    });
    return isRefusal(planned) ? planned : { server: planned, cluster };
  },
  names: ({ server, cluster }) => mailParts().mailServerPhysicalNames(server, cluster),
  build: ({ server, cluster }, ctx) => {
    const built = mailParts().buildMailServer(server, ctx, {
      cluster,
      provider: cluster.provider(),
      dependsOn: [cluster.resource],
    });
    return {
      ...built,
      mailStore: hostPlacement(cluster, ctx.placement.target),
    };
  },
});
