/**
 * What the mail server's modules share: the plan's and the target's types, and each domain's
 * server state, keyed by its component, through which its mailboxes join it.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  dns1123Label,
  type ClusterRef,
  type MailDnsFacts,
  type MailDomainSpec,
  type MailTls,
  type MailboxSpec,
} from "@wissel/core";
import { MAIL_SERVICE_PORTS } from "./pod";

/** What the mail server needs of its target: the settings shared by every adapter that runs one. */
export interface MailServerSettings {
  readonly image: string;
  readonly storageClassName?: string | undefined;
  readonly serviceType: "LoadBalancer" | "ClusterIP";
}

/** Everything the server's plan decided. */
export interface MailServerPlan {
  readonly spec: MailDomainSpec;
  /** The server's own namespace. */
  readonly namespace: string;
  /** `mail.<domain>`: the MX, the submission and IMAP host, and the certificate's name. */
  readonly hostname: string;
  readonly tls: MailTls;
  readonly settings: MailServerSettings;
  /**
   * A smarthost all outgoing mail goes through (a vendor's sending service).
   * @default - direct delivery to each recipient's MX
   */
  readonly relayHost?: { readonly host: string; readonly port: number };
}

/** Where the server is registered: the provider of its cluster, and what must exist first. */
export interface MailServerOn {
  /** The program's cluster the server runs on; undefined for the Kubernetes target's configured one. */
  readonly cluster?: ClusterRef;
  readonly provider?: pulumi.ProviderResource;
  readonly dependsOn?: readonly pulumi.Resource[];
  /** The login the plan's `relayHost` asks for (a vendor's SMTP credentials); secret. */
  readonly relayCredentials?: pulumi.Output<RelayCredentials>;
  /**
   * What the vendor whose service the server relays through publishes: its SPF mechanisms replace
   * the mail host's (mail leaves from the vendor), its DKIM keys join the server's own, and its
   * verification records are added.
   */
  readonly sendingDns?: pulumi.Output<SendingDns>;
}

/** A sending service's part of a domain's DNS records. */
export type SendingDns = Pick<MailDnsFacts, "spf" | "dkim" | "verification">;

/** A smarthost's SMTP AUTH login. */
export interface RelayCredentials {
  readonly username: string;
  readonly password: string;
}

/** A mailbox's account as the server's files need it: its spec and generated secrets. */
export interface Account {
  readonly spec: MailboxSpec;
  readonly password: pulumi.Output<string>;
  readonly salt: pulumi.Output<string>;
}

/** One domain's server, as its mailboxes see it. */
export interface ServerState {
  readonly plan: MailServerPlan;
  readonly cluster: ClusterRef | undefined;
  readonly opts: pulumi.CustomResourceOptions;
  readonly accounts: Account[];
  /** True once the files are written: a mailbox can no longer join. */
  sealed: boolean;
}

/** Each domain's server, by its component: how its mailboxes find it. */
const servers = new WeakMap<pulumi.Resource, ServerState>();

/** Records a domain's server under its component. */
export function registerMailServer(domain: pulumi.Resource, state: ServerState): void {
  servers.set(domain, state);
}

/** A domain component's mail server: where it runs, whether it takes mailboxes, its accounts. */
export function mailServerOf(domain: pulumi.Resource): ServerState | undefined {
  return servers.get(domain);
}

/** The name of a mailbox's credentials Secret in the server's namespace. */
export function mailboxSecretName(name: string): string {
  return dns1123Label(`mailbox-${name}`);
}

/** Submission on 587 (STARTTLS) and IMAPS on 993, on the mail host. */
export function mailEndpoints(plan: MailServerPlan, imap: boolean) {
  return {
    smtpHost: plan.hostname,
    smtpPort: MAIL_SERVICE_PORTS.submission,
    smtpSecurity: "starttls" as const,
    ...(imap ? { imapHost: plan.hostname, imapPort: MAIL_SERVICE_PORTS.imaps } : {}),
  };
}
