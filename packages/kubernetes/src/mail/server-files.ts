/** The mail server's files for a plan and its accounts, and the size of its volume. Pure. */
import type { MailboxSpec } from "@wissel/core";
import type { MailServerConfig } from "./config";
import { generateDkimKey } from "./dkim";
import { mailServerFiles, type MailServerFiles } from "./files";
import { sha512Crypt } from "./passwords";
import { mailPodConfigInput, mailPodSecurityLevel } from "./pod";
import type { MailServerPlan, RelayCredentials } from "./state";
import { mailServerObjects } from "./workload";

/** The queue and Dovecot's indexes, on top of the mailboxes' quotas. */
const VOLUME_HEADROOM_GIB = 1;

/** The mail volume: every stored mailbox's quota, and headroom for the queue and indexes. */
export function mailVolumeGiB(
  mailboxes: readonly Pick<MailboxSpec, "imap" | "quotaGiB">[],
): number {
  const quotas = mailboxes.filter((m) => m.imap).reduce((sum, m) => sum + m.quotaGiB, 0);
  return quotas + VOLUME_HEADROOM_GIB;
}

/**
 * Where the files put everything: the pod's mounts and ports (`mailPodConfigInput`), or a test's
 * directories and free ports; nothing else in the text depends on it.
 */
export type MailServerLayoutInput = Pick<
  MailServerConfig,
  "paths" | "tls" | "listen" | "internalPorts" | "user" | "postfix"
>;

/** The files of the server for these accounts, as the ConfigMap and Secret carry them. */
export function mailFilesFor(
  plan: MailServerPlan,
  dkimPrivateKeyPem: string,
  accounts: readonly { spec: MailboxSpec; password: string; salt: string }[],
  relayCredentials?: RelayCredentials,
  layout: MailServerLayoutInput = mailPodConfigInput(),
): MailServerFiles {
  return mailServerFiles({
    hostname: plan.hostname,
    domains: [{ name: plan.spec.domain, dkimSelector: plan.spec.dkimSelector, dkimPrivateKeyPem }],
    mailboxes: accounts.map(({ spec, password, salt }) => ({
      address: spec.address,
      passwordHash: sha512Crypt(password, salt),
      quotaBytes: spec.quotaGiB * 1024 ** 3,
      receives: spec.imap,
      aliases: spec.aliases.map((alias) => `${alias}@${spec.domain}`),
    })),
    ...(plan.relayHost !== undefined
      ? {
          relayHost: {
            ...plan.relayHost,
            ...(relayCredentials !== undefined ? { credentials: relayCredentials } : {}),
          },
        }
      : {}),
    ...layout,
  });
}

/** The Pod Security level the server's pod needs, from its spec (accounts do not change it). */
export function mailPodSecurityOf(plan: MailServerPlan) {
  // The pod as the plan runs it, with stand-ins for what only the build knows (keys, accounts).
  const shape = mailServerObjects({
    files: mailFilesFor(
      plan,
      generateDkimKey(),
      [],
      plan.relayHost !== undefined ? { username: "shape", password: "shape" } : undefined,
    ),
    namespace: plan.namespace,
    name: "mail",
    image: plan.settings.image,
    storage: { sizeGiB: 1 },
    tlsSecretName: "tls",
  });
  return mailPodSecurityLevel(shape.statefulSet.spec.template.spec);
}
