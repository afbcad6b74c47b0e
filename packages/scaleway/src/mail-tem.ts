/**
 * The sending side of a mail domain on Scaleway: a Transactional Email (TEM) domain in fr-par, its
 * validation once the owner says the records are published, and the SMTP login the mail server
 * relays with: an IAM application whose policy holds only the SMTP send permission set on the
 * stack's project, and an API key of that application.
 */
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumiverse/scaleway/iam";
import * as tem from "@pulumiverse/scaleway/tem";
import {
  hashedLabel,
  type BuildContext,
  type Decision,
  type NameIdentity,
  type PhysicalName,
  type Placement,
} from "@wissel/core";
import {
  TEM_REGION,
  TEM_SENDING_LIMITS,
  TEM_SMTP,
  TEM_SMTP_PERMISSION_SET,
  TEM_VALIDATION_TIMEOUT_SECONDS,
  temSendingDns,
  type TemSendingDns,
} from "./mail-tem-facts";
import type { ScalewaySettings } from "./settings";

/** What the plan decided for the domain's TEM resources. */
export interface TemPlan {
  readonly domain: string;
  /** The project that holds the TEM domain and whose id is the SMTP username. */
  readonly projectId: string;
  /** The IAM application's and policy's name. */
  readonly label: string;
  /** Whether the owner listed the domain as published, so `pulumi up` waits for TEM's check. */
  readonly validate: boolean;
}

/** The plan of a domain's sending side. */
export function planTem(
  domain: string,
  identity: NameIdentity,
  projectId: string,
  verifiedDomains: readonly string[],
): TemPlan {
  return {
    domain,
    projectId,
    label: hashedLabel({ ...identity, name: `${identity.name}-mail-relay` }, 63),
    validate: verifiedDomains.includes(domain),
  };
}

/** The names it takes: TEM refuses a domain another TEM domain already has. */
export function temPhysicalNames(plan: TemPlan): PhysicalName[] {
  return [{ scope: "scaleway:tem-domain", name: plan.domain, what: "Transactional Email domain" }];
}

/** What the mail server needs of the sending side, and what it registered. */
export interface TemRelay {
  readonly relayCredentials: pulumi.Output<{ username: string; password: string }>;
  readonly sendingDns: pulumi.Output<TemSendingDns>;
  readonly vendorResources: Record<string, pulumi.Resource>;
}

/** Registers the domain's TEM resources and the SMTP login. */
export function buildTem(plan: TemPlan, ctx: BuildContext<ScalewaySettings>): TemRelay {
  const { name, parent } = ctx;
  const { projectId } = plan;
  const opts = { parent };
  const label = `Wissel MailDomain ${name} (${ctx.project}/${ctx.stack})`;

  // A sending domain holds no mail, but it holds the DKIM private key whose public half the owner
  // published: Scaleway discards that key when the domain is revoked, and the domain then signs
  // nothing until new records are published and checked (up to 48 hours). Kept like the server's
  // own DKIM key Secret, with the stateful options.
  const domain = new tem.Domain(
    `${name}-tem-domain`,
    {
      name: plan.domain,
      acceptTos: true,
      // Autoconfig writes records only into a Scaleway-hosted DNS zone; the owner publishes the
      // domain's dnsRecords wherever its zone is, MX and DMARC included.
      autoconfig: false,
      region: TEM_REGION,
      projectId,
    },
    { parent, ...ctx.statefulOptions },
  );
  // Fails `pulumi up` when TEM's check does not pass in time, so only for a listed domain.
  const validation = plan.validate
    ? new tem.DomainValidation(
        `${name}-tem-validation`,
        { domainId: domain.id, region: TEM_REGION, timeout: TEM_VALIDATION_TIMEOUT_SECONDS },
        opts,
      )
    : undefined;

  const application = new iam.Application(
    `${name}-smtp-app`,
    { name: plan.label, description: `${label}: the mail server's SMTP relay through TEM` },
    opts,
  );
  const policy = new iam.Policy(
    `${name}-smtp-policy`,
    {
      name: plan.label,
      description: `${label}: send over SMTP through Transactional Email in this project, nothing else`,
      applicationId: application.id,
      rules: [{ projectIds: [projectId], permissionSetNames: [TEM_SMTP_PERMISSION_SET] }],
    },
    opts,
  );
  // Issued once the policy exists, so the server never holds a key without the right to send.
  // The SDK marks `secretKey` as a secret output.
  const key = new iam.ApiKey(
    `${name}-smtp-key`,
    {
      applicationId: application.id,
      defaultProjectId: projectId,
      description: `${label}: the mail server's SMTP password for Transactional Email`,
    },
    { parent, dependsOn: [policy] },
  );

  return {
    // TEM's SMTP username is the id of the project that holds the domain (Scaleway's SMTP
    // configuration reference; the provider's `smtpsAuthUser` is that same project id), the
    // password the API key's secret. Secret, and only in the server's Secret.
    relayCredentials: pulumi.secret(
      pulumi
        .all([key.secretKey, policy.id])
        .apply(([password]) => ({ username: projectId, password })),
    ),
    sendingDns: pulumi
      .all([domain.spfConfig, domain.dkimName, domain.dkimConfig])
      .apply(([spfConfig, dkimName, dkimConfig]) =>
        temSendingDns({ spfConfig, dkimName, dkimConfig }, projectId),
      ),
    vendorResources: {
      temDomain: domain,
      ...(validation !== undefined ? { temValidation: validation } : {}),
      smtpApplication: application,
      smtpPolicy: policy,
      smtpKey: key,
    },
  };
}

/** Where a placement is, for decisions: `nl-ams (NL)`. */
function where(placement: Pick<Placement, "region" | "country">): string {
  return `${placement.region} (${placement.country})`;
}

/**
 * What the plan says about the sending side and about where the domain's data goes: TEM in fr-par
 * for every message sent, the cluster for the mail kept.
 */
export function temDecisions(plan: TemPlan, mailStore: Placement, cluster: string): Decision[] {
  return [
    {
      what: "outgoing mail",
      choice: `relayed through Scaleway Transactional Email in ${TEM_REGION} (Paris, France), ${TEM_SMTP.host}:${TEM_SMTP.port} with STARTTLS`,
      why: `TEM runs only in ${TEM_REGION}, whatever the stack's region: every message the domain sends passes through France, so the MailDomain is placed in ${TEM_REGION} and wissel:policy is checked there`,
    },
    {
      what: "mail store",
      choice: `the mail, the accounts and the server's DKIM key on Kapsule cluster "${cluster}" in ${where(mailStore)}`,
      why:
        mailStore.region === TEM_REGION
          ? "the stack's region is TEM's too: stored and sent mail stay in fr-par"
          : `mailboxes with IMAP are placed there. Azure places its MailDomain on its cluster, as Communication Services keeps its data in the stack's country or in Europe; TEM's region is fixed, so here the domain is placed where its mail is sent from (fr-par) and its IMAP mailboxes where their mail is kept`,
    },
    {
      what: "sending limits",
      choice: TEM_SENDING_LIMITS,
      why: "Scaleway's documented default quotas (Transactional Email capabilities and limits); the relay refuses a message over them",
    },
    plan.validate
      ? {
          what: "sending domain",
          choice: `${plan.domain}, checked by TEM during pulumi up (waits up to ${TEM_VALIDATION_TIMEOUT_SECONDS} s)`,
          why: "listed in wissel:scaleway.mail.verifiedDomains",
        }
      : {
          what: "sending domain",
          choice: `${plan.domain}, not checked yet: TEM refuses to send from it until its records are published and checked`,
          why: "TEM sends only from a domain it has checked (up to 48 hours after publication). Publish the domain's dnsRecords, add the domain to wissel:scaleway.mail.verifiedDomains and run pulumi up again to wait for the check",
        },
    {
      what: "SMTP login",
      choice: `an IAM application whose policy holds only ${TEM_SMTP_PERMISSION_SET} on project ${plan.projectId}, and an API key of it; username the project id`,
      why: "the least permission set that sends over SMTP. The key's secret is a secret output that reaches only the server's Secret; it does not expire, so replace it with pulumi up --replace on the smtp-key",
    },
  ];
}
