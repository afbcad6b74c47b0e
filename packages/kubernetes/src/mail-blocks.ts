/**
 * `MailDomain` and `Mailbox` on the Kubernetes target: the self-hosted mail server (`./mail`) on the
 * program's KubernetesCluster when there is one, else on the configured cluster through the stack's
 * provider. Mail is sent straight to each recipient's MX, and received on the Service's address.
 */
import { defineBlock, isRefusal, type ClusterRef } from "@wissel/core";
import { stackProvider } from "./provider";
import { settingCommand, type KubernetesSettings } from "./settings";
import { SETTINGS_KEY } from "./vendor";
import { mailServerPhysicalNames, planMailServer } from "./mail/plan";
import { mailboxOnServer } from "./mail/mailbox-block";
import { buildMailServer } from "./mail/server";
import type { MailServerPlan } from "./mail/state";

/** A domain's plan here: the server's, and the program's cluster it runs on, if any. */
export interface MailDomainPlan {
  readonly server: MailServerPlan;
  readonly cluster: ClusterRef | undefined;
}

export const mailDomain = defineBlock<"mailDomain", KubernetesSettings, MailDomainPlan>({
  plan: (spec, ctx) => {
    const planned = planMailServer(spec, ctx, {
      settingsKey: SETTINGS_KEY,
      settings: ctx.settings.mail,
      imageCommand: settingCommand("mail.image"),
      runsOn:
        spec.cluster !== undefined
          ? `KubernetesCluster "${spec.cluster.name}"`
          : "the configured cluster",
    });
    return isRefusal(planned) ? planned : { server: planned, cluster: spec.cluster };
  },
  names: ({ server, cluster }) => mailServerPhysicalNames(server, cluster),
  build: ({ server, cluster }, ctx) => {
    const provider = cluster !== undefined ? cluster.provider() : stackProvider(ctx.settings);
    const built = buildMailServer(server, ctx, {
      ...(cluster !== undefined ? { cluster } : {}),
      ...(provider !== undefined ? { provider } : {}),
    });
    return { ...built, mailStore: ctx.placement };
  },
});

/** A mailbox here: an account on its domain's server. */
export const mailbox = mailboxOnServer<KubernetesSettings>();
