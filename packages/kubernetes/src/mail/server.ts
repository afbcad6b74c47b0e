/**
 * The mail server of a `MailDomain`, registered: its namespace, DKIM key, certificate, ConfigMap,
 * Secret, mail volume, StatefulSet, Services and NetworkPolicy, and each `Mailbox`'s account. The
 * text of every file comes from `mailServerFiles`, the objects from `mailServerObjects`: the same
 * functions the real-server test runs.
 *
 * A domain's mailboxes are declared after it, so the files wait for them: each mailbox adds its
 * account while the program's synchronous step runs, and the files are written from every account
 * once that step ends. A mailbox declared later (after an `await`) would be missing from the files,
 * so its plan refuses it instead.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { StatefulSet } from "@pulumi/kubernetes/apps/v1";
import {
  ConfigMap,
  Namespace,
  PersistentVolumeClaim,
  Secret,
  Service,
} from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import {
  dns1123Label,
  mailDnsRecords,
  type BuildContext,
  type MailDnsFacts,
  type BuildResult,
  type ClusterRef,
  type Decision,
  type MailDomainBinding,
  type MailDomainSpec,
  type MailTls,
  type MailboxBinding,
  type MailboxSpec,
} from "@wissel/core";
import { MANAGED_BY_LABEL, POD_SECURITY_VERSION } from "../namespace-objects";
import { secretValue } from "../secret-data";
import { dkimTxtRecord, generateDkimKey } from "./dkim";
import type { MailServerConfig } from "./config";
import { mailServerFiles, type MailServerFiles } from "./files";
import { generatePassword, randomSalt, sha512Crypt } from "./passwords";
import { MAIL_SERVICE_PORTS, mailPodConfigInput, mailPodSecurityLevel } from "./pod";
import { mailObjectNames, mailServerObjects } from "./workload";

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

/** The key of the DKIM Secret that holds the private key. */
const DKIM_KEY = "private.pem";
/** The keys of a mailbox's credentials Secret. */
const CREDENTIAL_KEYS = { username: "username", password: "password", salt: "salt" } as const;
/** The queue and Dovecot's indexes, on top of the mailboxes' quotas. */
const VOLUME_HEADROOM_GIB = 1;

interface Account {
  readonly spec: MailboxSpec;
  readonly password: pulumi.Output<string>;
  readonly salt: pulumi.Output<string>;
}

interface ServerState {
  readonly plan: MailServerPlan;
  readonly cluster: ClusterRef | undefined;
  readonly opts: pulumi.CustomResourceOptions;
  readonly accounts: Account[];
  sealed: boolean;
}

/** Each domain's server, by its component: how its mailboxes find it. */
const servers = new WeakMap<pulumi.Resource, ServerState>();

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
function podSecurity(plan: MailServerPlan) {
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

/**
 * Registers the server of a domain under `ctx.parent`. Mailboxes join it with `addMailbox` until
 * the program's synchronous step ends.
 */
export function buildMailServer(
  plan: MailServerPlan,
  ctx: BuildContext<unknown>,
  on: MailServerOn,
): BuildResult<MailDomainBinding> & { readonly decisions: Decision[] } {
  const { name } = ctx;
  const provider = on.provider !== undefined ? { provider: on.provider } : {};
  const security = podSecurity(plan);
  const namespace = new Namespace(
    `${name}-namespace`,
    {
      metadata: {
        name: plan.namespace,
        labels: {
          ...MANAGED_BY_LABEL,
          // The least level the server runs under; restricted is still audited and warned about.
          "pod-security.kubernetes.io/enforce": security.level,
          "pod-security.kubernetes.io/enforce-version": POD_SECURITY_VERSION,
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/audit-version": POD_SECURITY_VERSION,
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": POD_SECURITY_VERSION,
        },
      },
    },
    {
      parent: ctx.parent,
      ...provider,
      ...(on.dependsOn !== undefined ? { dependsOn: [...on.dependsOn] } : {}),
    },
  );
  const opts: pulumi.CustomResourceOptions = {
    parent: ctx.parent,
    ...provider,
    dependsOn: [namespace],
  };
  const objectNames = mailObjectNames("mail");
  const meta = (objectName: string) => ({
    name: objectName,
    namespace: plan.namespace,
    labels: { ...MANAGED_BY_LABEL },
  });

  // Generated when the Secret is created and kept by ignoreChanges, like every generated secret
  // here: each run makes a candidate that is never applied, and the stored key is read back.
  const dkimSecretName = "mail-dkim";
  const dkim = new Secret(
    `${name}-dkim`,
    {
      metadata: meta(dkimSecretName),
      type: "Opaque",
      stringData: pulumi.secret({ [DKIM_KEY]: generateDkimKey() }),
    },
    { ...opts, ...ctx.statefulOptions, ignoreChanges: ["stringData", "data"] },
  );
  const dkimKey = dkim.data.apply((data) =>
    secretValue(
      data,
      DKIM_KEY,
      `${plan.namespace}/${dkimSecretName}`,
      "the Secret Wissel wrote has lost the DKIM key; replace it and publish the new record",
    ),
  );

  const vendorResources: Record<string, pulumi.Resource> = { namespace, dkim };
  let tlsSecretName: string;
  if ("secretName" in plan.tls) tlsSecretName = plan.tls.secretName;
  else {
    tlsSecretName = "mail-tls";
    vendorResources["certificate"] = new CustomResource(
      `${name}-certificate`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: meta("mail"),
        spec: {
          secretName: tlsSecretName,
          dnsNames: [plan.hostname],
          issuerRef: { name: plan.tls.issuer, kind: plan.tls.issuerKind, group: "cert-manager.io" },
          privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        },
      },
      opts,
    );
  }

  const state: ServerState = { plan, cluster: on.cluster, opts, accounts: [], sealed: false };
  servers.set(ctx.parent, state);
  // Every mailbox of the program's synchronous step has joined by the next turn of the event loop.
  const accounts = pulumi.output(
    new Promise<readonly Account[]>((resolve) =>
      setImmediate(() => {
        state.sealed = true;
        resolve(state.accounts);
      }),
    ),
  );
  const credentials = accounts.apply((list) =>
    pulumi.all(
      list.map((account) =>
        pulumi
          .all([account.password, account.salt])
          .apply(([password, salt]) => ({ spec: account.spec, password, salt })),
      ),
    ),
  );
  const relay = on.relayCredentials ?? pulumi.output(undefined);
  const files = pulumi
    .all([dkimKey, credentials, relay])
    .apply(([pem, list, login]) => mailFilesFor(plan, pem, list, login));
  const objects = pulumi.unsecret(
    pulumi.all([files, accounts]).apply(([f, list]) =>
      mailServerObjects({
        files: f,
        namespace: plan.namespace,
        name: "mail",
        image: plan.settings.image,
        storage: {
          sizeGiB: mailVolumeGiB(list.map((a) => a.spec)),
          ...(plan.settings.storageClassName !== undefined
            ? { className: plan.settings.storageClassName }
            : {}),
        },
        tlsSecretName,
        serviceType: plan.settings.serviceType,
      }),
    ),
  );

  vendorResources["config"] = new ConfigMap(
    `${name}-config`,
    { metadata: meta(objectNames.configMap), data: objects.apply((o) => o.configMap.data) },
    opts,
  );
  const secrets = new Secret(
    `${name}-secrets`,
    {
      metadata: meta(objectNames.secret),
      type: "Opaque",
      stringData: pulumi.secret(objects.apply((o) => o.secret.stringData)),
    },
    opts,
  );
  vendorResources["secrets"] = secrets;
  const volume = new PersistentVolumeClaim(
    `${name}-data`,
    { metadata: meta(objectNames.dataClaim), spec: objects.apply((o) => o.dataClaim.spec) },
    // The mail of every mailbox: protected, and kept when it leaves the program.
    { ...opts, protect: true, retainOnDelete: true },
  );
  vendorResources["volume"] = volume;
  vendorResources["statefulSet"] = new StatefulSet(
    `${name}-server`,
    { metadata: meta(objectNames.statefulSet), spec: objects.apply((o) => o.statefulSet.spec) },
    { ...opts, dependsOn: [namespace, volume, secrets, dkim] },
  );
  const service = new Service(
    `${name}-service`,
    { metadata: meta(objectNames.service), spec: objects.apply((o) => o.service.spec) },
    opts,
  );
  vendorResources["service"] = service;
  vendorResources["headlessService"] = new Service(
    `${name}-headless`,
    {
      metadata: meta(objectNames.headlessService),
      spec: objects.apply((o) => o.headlessService.spec),
    },
    opts,
  );
  vendorResources["networkPolicy"] = new NetworkPolicy(
    `${name}-network`,
    {
      metadata: meta(objectNames.networkPolicy),
      spec: objects.apply((o) => o.networkPolicy.spec),
    },
    opts,
  );

  const sending = on.sendingDns ?? pulumi.output(undefined);
  const binding = pulumi
    .all([dkimKey, accounts, sending])
    .apply(([pem, list, vendor]): MailDomainBinding => {
      const receives = list.some((a) => a.spec.imap);
      const publicKey = dkimTxtRecord(pem).replace(/^.*p=/, "");
      return {
        domain: plan.spec.domain,
        dnsRecords: mailDnsRecords(plan.spec, {
          mxHosts: receives ? [plan.hostname] : [],
          spf: vendor?.spf ?? [`a:${plan.hostname}`],
          dkim: [{ kind: "key", publicKeyBase64: publicKey }, ...(vendor?.dkim ?? [])],
          ...(vendor?.verification !== undefined ? { verification: vendor.verification } : {}),
        }),
        ...endpoints(plan, true),
      };
    });

  return {
    binding,
    vendorResources,
    decisions: [
      {
        what: "mail server",
        choice: `Postfix, Dovecot and OpenDKIM in namespace ${plan.namespace}, image ${plan.settings.image}`,
        why: "Debian's packages (images/mail-server), run with exactly the configuration the tests run them with",
      },
      { what: "mail server pod security", choice: security.level, why: security.reason },
      {
        what: "mail host",
        choice: plan.hostname,
        why: `publish its A record at the address of Service ${plan.namespace}/mail; SPF allows that address, so the cluster's outgoing mail must leave from it`,
      },
    ],
  };
}

/** Submission on 587 (STARTTLS) and IMAPS on 993, on the mail host. */
function endpoints(plan: MailServerPlan, imap: boolean) {
  return {
    smtpHost: plan.hostname,
    smtpPort: MAIL_SERVICE_PORTS.submission,
    smtpSecurity: "starttls" as const,
    ...(imap ? { imapHost: plan.hostname, imapPort: MAIL_SERVICE_PORTS.imaps } : {}),
  };
}

/** A domain component's mail server of this module: where it runs, and whether it takes mailboxes. */
export function mailServerOf(
  domain: pulumi.Resource,
): Pick<ServerState, "plan" | "cluster" | "sealed"> | undefined {
  return servers.get(domain);
}

/** The name of a mailbox's credentials Secret in the server's namespace. */
export function mailboxSecretName(name: string): string {
  return dns1123Label(`mailbox-${name}`);
}

/**
 * Adds a mailbox's account to its domain's server: a credentials Secret with a generated password
 * and salt (kept by ignoreChanges), whose hash goes into the server's accounts file.
 */
export function addMailbox(
  domain: pulumi.Resource,
  spec: MailboxSpec,
  ctx: BuildContext<unknown>,
): BuildResult<MailboxBinding> {
  const state = servers.get(domain);
  if (state === undefined || state.sealed)
    throw new Error(`${ctx.subject}: its MailDomain's mail server no longer takes mailboxes`);
  const secretName = mailboxSecretName(ctx.name);
  const credentials = new Secret(
    `${ctx.name}-credentials`,
    {
      metadata: {
        name: secretName,
        namespace: state.plan.namespace,
        labels: { ...MANAGED_BY_LABEL },
      },
      type: "Opaque",
      stringData: pulumi.secret({
        [CREDENTIAL_KEYS.username]: spec.address,
        [CREDENTIAL_KEYS.password]: generatePassword(),
        [CREDENTIAL_KEYS.salt]: randomSalt(),
      }),
    },
    {
      ...state.opts,
      parent: ctx.parent,
      ...ctx.statefulOptions,
      ignoreChanges: ["stringData", "data"],
    },
  );
  const id = `${state.plan.namespace}/${secretName}`;
  const read = (key: string) =>
    credentials.data.apply((data) =>
      secretValue(
        data,
        key,
        id,
        "the Secret Wissel wrote has lost it; replace it to set a new one",
      ),
    );
  const password = read(CREDENTIAL_KEYS.password);
  state.accounts.push({ spec, password, salt: read(CREDENTIAL_KEYS.salt) });
  return {
    binding: password.apply((secret): MailboxBinding => ({
      address: spec.address,
      ...endpoints(state.plan, spec.imap),
      username: spec.address,
      password: secret,
    })),
    vendorResources: { credentials },
  };
}
