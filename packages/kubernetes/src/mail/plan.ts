/**
 * The plans of the mail blocks wherever the mail server runs on Kubernetes: on this target's
 * cluster, and on a vendor's cluster of the program (AKS, Kapsule, Magnum) through
 * `@wissel/kubernetes/compose`. Pure: the issues name the settings key of the target at hand.
 */
import {
  dns1123Label,
  kubernetesScope,
  namespacePhysicalNames,
  type ClusterRef,
  type Issue,
  type MailDomainSpec,
  type MailboxBuildSpec,
  type PhysicalName,
  type PlanResult,
} from "@wissel/core";
import {
  mailboxSecretName,
  mailServerOf,
  type MailServerPlan,
  type MailServerSettings,
} from "./state";

/** The target's side of a mail server plan. */
export interface MailServerTarget {
  /** `wissel:azure`: where the `mail` settings are, for messages. */
  readonly settingsKey: string;
  /** The target's `mail` settings, when set. */
  readonly settings: MailServerSettings | undefined;
  /** The command that sets `mail.image` on this target, for the fix. */
  readonly imageCommand: string;
  /** What the server runs on, for messages: `the configured cluster`, `KubernetesCluster "platform"`. */
  readonly runsOn: string;
  /** A smarthost for outgoing mail (the vendor's sending service). */
  readonly relayHost?: { readonly host: string; readonly port: number };
}

const TLS_FIX =
  'Set tls to { issuer: "letsencrypt" } (a cert-manager ClusterIssuer on the cluster) or { secretName: "mail-tls" } (a kubernetes.io/tls Secret for the mail host, in the mail server\'s namespace).';

/** The server's plan for a domain, or why it cannot run. */
export function planMailServer(
  spec: MailDomainSpec,
  ctx: { readonly name: string; readonly subject: string },
  target: MailServerTarget,
): PlanResult<MailServerPlan> {
  const issues: Issue[] = [];
  const hostname = `mail.${spec.domain}`;
  if (target.settings === undefined)
    issues.push({
      subject: ctx.subject,
      field: `${target.settingsKey}.mail.image`,
      value: undefined,
      rule: `is required: the domain's mail server (Postfix, Dovecot, OpenDKIM) runs on ${target.runsOn} from this image`,
      fix: `Build images/mail-server, push it to your registry, and run ${target.imageCommand}.`,
    });
  if (spec.tls === undefined)
    issues.push({
      subject: ctx.subject,
      field: "tls",
      value: undefined,
      rule: `is required here: the mail server offers submission and IMAP over TLS only, with a certificate for ${hostname}`,
      fix: TLS_FIX,
    });
  if (issues.length > 0 || target.settings === undefined || spec.tls === undefined) return issues;
  return {
    spec,
    namespace: dns1123Label(`mail-${ctx.name}`),
    hostname,
    tls: spec.tls,
    settings: target.settings,
    ...(target.relayHost !== undefined ? { relayHost: target.relayHost } : {}),
  };
}

/** The names a server takes: its namespace on the cluster. */
export function mailServerPhysicalNames(
  plan: MailServerPlan,
  cluster: ClusterRef | undefined,
): PhysicalName[] {
  return namespacePhysicalNames(plan.namespace, cluster);
}

/** The names a mailbox takes: its credentials Secret in the server's namespace. */
export function mailboxPhysicalNames(
  name: string,
  namespace: string,
  cluster: ClusterRef | undefined,
): PhysicalName[] {
  return [
    {
      scope: kubernetesScope(cluster, namespace, "secret"),
      name: mailboxSecretName(name),
      what: "Kubernetes Secret",
    },
  ];
}

/**
 * The issues of a mailbox on a domain whose server this module runs: none while the server takes
 * mailboxes; one when the mailbox comes after the server's files were written.
 */
export function mailboxOnServerIssues(spec: MailboxBuildSpec, subject: string): Issue[] {
  const server = mailServerOf(spec.mailDomain.resource);
  if (server === undefined || !server.sealed) return [];
  return [
    {
      subject,
      field: "domain",
      value: spec.mailDomain.name,
      rule: `must be declared in the same synchronous step as MailDomain "${spec.mailDomain.name}": its mail server's accounts were written when that step ended`,
      fix: "Declare every mailbox right after its domain, with no await between them.",
    },
  ];
}
