/**
 * The sending side of a mail domain on Azure: Communication Services Email (an EmailService with
 * its data in the stack's country or in Europe, the customer-managed Domain, and the
 * CommunicationService that sends), and the SMTP login the mail server relays with: an Entra
 * application with a client secret, a custom role holding only the actions SMTP needs, and an
 * SmtpUsername naming that application.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as communication from "@pulumi/azure-native/communication";
import * as azuread from "@pulumi/azuread";
import {
  hashedLabel,
  type BuildContext,
  type Decision,
  type MailboxBuildSpec,
  type NameIdentity,
  type PhysicalName,
} from "@wissel/core";
import {
  ACS_SENDING_LIMITS,
  ACS_SMTP,
  ACS_SMTP_ACTIONS,
  acsDataLocation,
  acsSendingDns,
  type AcsSendingDns,
} from "./mail-acs-facts";
import type { AzureMailSettings, AzureSettings } from "./settings";

/** What the plan decided for the domain's Communication Services resources. */
export interface AcsPlan {
  readonly domain: string;
  /** The EmailService's and the CommunicationService's name (the latter is unique worldwide). */
  readonly serviceName: string;
  readonly dataLocation: string;
  /** Whether the owner has verified the domain, so the CommunicationService may send as it. */
  readonly linked: boolean;
  readonly mail: AzureMailSettings;
}

/** The plan of a domain's sending side. */
export function planAcs(domain: string, identity: NameIdentity, settings: AzureSettings): AcsPlan {
  const mail = settings.mail!;
  return {
    domain,
    serviceName: hashedLabel(identity, 63),
    dataLocation: acsDataLocation(settings.region.country),
    linked: mail.verifiedDomains.includes(domain),
    mail,
  };
}

/** The names it takes: both services' names, the CommunicationService's worldwide. */
export function acsPhysicalNames(plan: AcsPlan, settings: AzureSettings): PhysicalName[] {
  return [
    {
      scope: `azure:email-service:${settings.subscriptionId}/${settings.resourceGroupName}`,
      name: plan.serviceName,
      what: "Communication Services email service",
    },
    {
      scope: "azure:communication-service",
      name: plan.serviceName,
      what: "Communication Services resource",
    },
  ];
}

/** What the mail server needs of the sending side, and what it registered. */
export interface AcsRelay {
  readonly relayHost: { readonly host: string; readonly port: number };
  readonly relayCredentials: pulumi.Output<{ username: string; password: string }>;
  readonly sendingDns: pulumi.Output<AcsSendingDns>;
  readonly vendorResources: Record<string, pulumi.Resource>;
  readonly decisions: Decision[];
}

/** A domain's Domain resource, by its component: where each mailbox adds its sender username. */
const domains = new WeakMap<
  pulumi.Resource,
  { readonly domain: communication.Domain; readonly plan: AcsPlan }
>();

/** Registers the domain's Communication Services resources and the SMTP login. */
export function buildAcs(plan: AcsPlan, ctx: BuildContext<AzureSettings>): AcsRelay {
  const { name, parent, settings } = ctx;
  const { resourceGroupName } = settings;
  const opts = { parent };
  const emailService = new communication.EmailService(
    `${name}-email-service`,
    {
      resourceGroupName,
      emailServiceName: plan.serviceName,
      location: "global",
      dataLocation: plan.dataLocation,
      tags: { "managed-by": "wissel" },
    },
    opts,
  );
  const domain = new communication.Domain(
    `${name}-acs-domain`,
    {
      resourceGroupName,
      emailServiceName: emailService.name,
      domainName: plan.domain,
      location: "global",
      domainManagement: communication.DomainManagement.CustomerManaged,
      // No tracking pixels or rewritten links in a city's mail.
      userEngagementTracking: communication.UserEngagementTracking.Disabled,
    },
    opts,
  );
  const service = new communication.CommunicationService(
    `${name}-communication`,
    {
      resourceGroupName,
      communicationServiceName: plan.serviceName,
      location: "global",
      dataLocation: plan.dataLocation,
      // Azure links only a verified domain; until then the server's mail waits in its queue.
      linkedDomains: plan.linked ? [domain.id] : [],
      tags: { "managed-by": "wissel" },
    },
    opts,
  );

  const application = new azuread.Application(
    `${name}-smtp-app`,
    { displayName: `Wissel mail relay ${plan.serviceName}`, signInAudience: "AzureADMyOrg" },
    opts,
  );
  const principal = new azuread.ServicePrincipal(
    `${name}-smtp-principal`,
    { clientId: application.clientId },
    opts,
  );
  const secret = new azuread.ApplicationPassword(
    `${name}-smtp-secret`,
    { applicationId: application.id, displayName: "SMTP relay of the Wissel mail server" },
    opts,
  );
  const groupScope = `/subscriptions/${settings.subscriptionId}/resourceGroups/${resourceGroupName}`;
  const role = new authorization.RoleDefinition(
    `${name}-smtp-role`,
    {
      scope: groupScope,
      roleName: `Wissel SMTP relay ${plan.serviceName}`,
      description: "Send mail over SMTP through one Communication Services resource, nothing else",
      permissions: [{ actions: [...ACS_SMTP_ACTIONS] }],
      assignableScopes: [groupScope],
    },
    opts,
  );
  const access = new authorization.RoleAssignment(
    `${name}-smtp-access`,
    {
      principalId: principal.objectId,
      principalType: "ServicePrincipal",
      roleDefinitionId: role.id,
      scope: service.id,
      description: `Wissel MailDomain ${name}: SMTP through this Communication Services resource only`,
    },
    opts,
  );
  const smtpUsername = new communication.SmtpUsername(
    `${name}-smtp-username`,
    {
      resourceGroupName,
      communicationServiceName: service.name,
      smtpUsername: "wissel-relay",
      // Free form: the email form needs a linked domain, which the first deployment lacks.
      username: `${plan.serviceName}.relay`,
      entraApplicationId: application.clientId,
      tenantId: plan.mail.tenantId,
    },
    { ...opts, dependsOn: [access] },
  );
  domains.set(parent, { domain, plan });

  return {
    relayHost: ACS_SMTP,
    // Resolves once the role is assigned, so the server never holds a login without access.
    relayCredentials: pulumi
      .all([smtpUsername.username, secret.value, access.id])
      .apply(([username, password]) => ({ username, password })),
    sendingDns: domain.verificationRecords.apply((records) => acsSendingDns(plan.domain, records)),
    vendorResources: {
      emailService,
      acsDomain: domain,
      communicationService: service,
      smtpApplication: application,
      smtpPrincipal: principal,
      smtpSecret: secret,
      smtpRole: role,
      smtpAccess: access,
      smtpUsername,
    },
    decisions: acsDecisions(plan),
  };
}

/** What the plan says about the sending side. */
export function acsDecisions(plan: AcsPlan): Decision[] {
  return [
    {
      what: "outgoing mail",
      choice: `relayed through Azure Communication Services Email (${ACS_SMTP.host}:${ACS_SMTP.port}), data location ${plan.dataLocation}`,
      why:
        plan.dataLocation === "Europe"
          ? "Communication Services offers no data location in the stack's country; Europe keeps the data in Microsoft's EU data centres, under the same US CLOUD Act reach as the rest of Azure"
          : "the data location in the stack's own country",
    },
    { what: "sending limits", choice: ACS_SENDING_LIMITS },
    plan.linked
      ? {
          what: "sending domain",
          choice: `${plan.domain}, verified and linked`,
          why: "listed in wissel:azure.mail.verifiedDomains",
        }
      : {
          what: "sending domain",
          choice: `${plan.domain}, not linked yet: outgoing mail waits in the server's queue`,
          why: `Azure links a domain only once verified. Publish the domain's dnsRecords, verify it (az communication email domain initiate-verification), add it to wissel:azure.mail.verifiedDomains and run pulumi up again`,
        },
    {
      what: "SMTP login",
      choice:
        "an Entra application with a client secret (two years), holding a custom role with only the SMTP actions on this resource",
      why: "Communication Services authenticates SMTP only through an Entra application; replace the secret before it expires (pulumi up --replace on smtp-secret)",
    },
  ];
}

/**
 * A mailbox's sender username on its domain: Communication Services sends only from usernames the
 * domain lists.
 */
export function addSender(
  spec: MailboxBuildSpec,
  ctx: BuildContext<AzureSettings>,
): { vendorResources: Record<string, pulumi.Resource> } {
  const state = domains.get(spec.mailDomain.resource);
  if (state === undefined)
    throw new Error(`${ctx.subject}: its MailDomain registered no Communication Services domain`);
  const sender = new communication.SenderUsername(
    `${ctx.name}-sender`,
    {
      resourceGroupName: ctx.settings.resourceGroupName,
      emailServiceName: state.plan.serviceName,
      domainName: state.plan.domain,
      senderUsername: spec.localPart,
      username: spec.localPart,
      displayName: spec.displayName,
    },
    { parent: ctx.parent, dependsOn: [state.domain] },
  );
  return { vendorResources: { sender } };
}
