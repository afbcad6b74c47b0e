/**
 * The neutral contract of the mail blocks, `MailDomain` and `Mailbox`: what users pass, what adapters
 * receive after validation and defaults, and what the application gets back.
 *
 * Two blocks rather than one: a domain carries what exists once per domain (its TLS certificate, the
 * DKIM key, the DNS records the owner publishes, and on Kubernetes the mail server), and several
 * mailboxes share it. A mailbox is an address and its mail: the part that holds data.
 */
import type { Classification } from "../bucket/contract";
import type { KubernetesCluster } from "../kubernetes/cluster";
import type { MailDnsRecord } from "./dns";

/** What a receiving server does with mail that fails DMARC, as the domain's DMARC record says. */
export type DmarcPolicy = "none" | "quarantine" | "reject";
export const DMARC_POLICIES: readonly DmarcPolicy[] = ["none", "quarantine", "reject"];

/** Where the mail server's TLS certificate comes from, where the target runs one. */
export type MailTls =
  /** A Kubernetes Secret of type `kubernetes.io/tls` in the mail server's namespace. */
  | { readonly secretName: string }
  /** A cert-manager Certificate for the mail host, issued by this Issuer or ClusterIssuer. */
  | { readonly issuer: string; readonly issuerKind?: "ClusterIssuer" | "Issuer" };

/** Arguments of `MailDomain`. */
export interface MailDomainArgs {
  /** The domain the addresses end in, lowercase, as its DNS name: `meldingen.amsterdam.nl`. */
  readonly domain: string;
  /**
   * The mail server's TLS certificate, where the target runs a mail server (Kubernetes, and IMAP on
   * the vendors' clusters). A target that needs it and lacks it refuses the domain at preview.
   * @default - none
   */
  readonly tls?: MailTls;
  /**
   * The DKIM selector: the label of the `<selector>._domainkey.<domain>` record.
   * @default "wissel"
   */
  readonly dkimSelector?: string;
  /**
   * What the DMARC record asks receivers to do with mail that fails SPF and DKIM alignment.
   * @default "quarantine"
   */
  readonly dmarcPolicy?: DmarcPolicy;
  /**
   * Where receivers send DMARC aggregate reports (`rua`), as an address.
   * @default - no reports
   */
  readonly dmarcReports?: string;
  /**
   * The cluster the domain's mail server runs on, on a target that runs it on a cluster of the
   * program (IMAP on AKS, Kapsule or Magnum); the domain then follows the cluster's target.
   * @default - the program's only KubernetesCluster on the domain's target, if any
   */
  readonly cluster?: KubernetesCluster;
}

/** `MailDomainArgs` validated and defaulted. */
export interface MailDomainSpec {
  readonly domain: string;
  readonly tls?: MailTls;
  readonly dkimSelector: string;
  readonly dmarcPolicy: DmarcPolicy;
  readonly dmarcReports?: string;
  /**
   * A domain holds no mail of its own (its mailboxes do, each with its classification): it is
   * placed and checked as `internal`.
   */
  readonly classification: "internal";
  /** The domain's DKIM key and mail volume are always protected and retained. */
  readonly allowDataLoss: false;
}

/** What the domain tells its owner and its applications. */
export interface MailDomainBinding {
  readonly domain: string;
  /** Every record the domain's owner publishes: MX, SPF, DKIM, DMARC and a vendor's verification. */
  readonly dnsRecords: readonly MailDnsRecord[];
  /** Where the domain's mailboxes submit mail. */
  readonly smtpHost: string;
  readonly smtpPort: number;
  readonly smtpSecurity: MailSecurity;
  /** Where its mailboxes are read; absent when the domain has no mail server. */
  readonly imapHost?: string;
  readonly imapPort?: number;
}

/** What a `Mailbox` accepts as its domain: the `MailDomain` component. */
export interface MailDomainLike {
  /** The domain's DNS name, known when the program runs. */
  readonly domainName: string;
}

/** Arguments of `Mailbox`. */
export interface MailboxArgs {
  /** The domain the mailbox's address is on. */
  readonly domain: MailDomainLike;
  /** What comes before the `@`: lowercase letters, digits, and `.`, `-`, `_` between them. */
  readonly localPart: string;
  /**
   * The name shown with the address in mail clients: `Meldingen openbare ruimte`.
   * @default - the local part
   */
  readonly displayName?: string;
  /**
   * Storage for the mailbox's mail, in GiB (1–1024). Mail beyond it is refused.
   * @default 5
   */
  readonly quotaGiB?: number;
  /**
   * Whether the mailbox can be read over IMAP. Without it the address only sends (an application's
   * outgoing mail), and no mail is stored.
   * @default true
   */
  readonly imap?: boolean;
  /** Other local parts on the same domain whose mail arrives in this mailbox. @default - none */
  readonly aliases?: readonly string[];
  /**
   * How sensitive the mail is; checked against `wissel:policy` at preview.
   * @default "internal"
   */
  readonly classification?: Classification;
  /**
   * Let Pulumi delete the mailbox and its mail when it leaves the program. Without it, the mail
   * volume is protected and retained on delete.
   * @default false
   */
  readonly allowDataLoss?: boolean;
}

/** `MailboxArgs` validated and defaulted: what an adapter's plan receives. */
export interface MailboxSpec {
  readonly domain: string;
  readonly localPart: string;
  /** `localPart@domain`. */
  readonly address: string;
  readonly displayName: string;
  readonly quotaGiB: number;
  readonly imap: boolean;
  readonly aliases: readonly string[];
  readonly classification: Classification;
  readonly allowDataLoss: boolean;
}

/** How a client secures a connection: TLS from the first byte, or STARTTLS after the greeting. */
export type MailSecurity = "tls" | "starttls";

/** What the application gets: everything it needs to send, and to read when `imap` is on. */
export interface MailboxBinding {
  /** `meldingen@amsterdam.nl` */
  readonly address: string;
  readonly smtpHost: string;
  readonly smtpPort: number;
  readonly smtpSecurity: MailSecurity;
  /** Absent when the mailbox has `imap: false`. */
  readonly imapHost?: string;
  readonly imapPort?: number;
  readonly username: string;
  readonly password: string;
}
