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
  mailDnsRecords,
  type BuildContext,
  type BuildResult,
  type Decision,
  type MailDomainBinding,
} from "@wissel/core";
import {
  MANAGED_BY_LABEL,
  NAMESPACE_OBJECT_NAMES,
  POD_SECURITY_VERSION,
} from "../namespace-objects";
import { secretValue } from "../secret-data";
import { dkimTxtRecord, generateDkimKey } from "./dkim";
import { mailFilesFor, mailPodSecurityOf, mailVolumeGiB } from "./server-files";
import {
  mailEndpoints,
  registerMailServer,
  type Account,
  type MailServerOn,
  type MailServerPlan,
  type ServerState,
} from "./state";
import { mailObjectNames, mailServerObjects } from "./workload";

/** The key of the DKIM Secret that holds the private key. */
const DKIM_KEY = "private.pem";

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
  const security = mailPodSecurityOf(plan);
  const namespace = new Namespace(
    `${name}-namespace`,
    {
      metadata: {
        name: plan.namespace,
        // Why the namespace is not restricted, where it is not: the policy pack reads it.
        ...(security.level === "restricted"
          ? {}
          : { annotations: { "wissel.dev/pod-security-reason": security.reason } }),
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
  registerMailServer(ctx.parent, state);
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
  // Nothing else in the namespace talks to or from anything; the server's own policy opens its ports.
  vendorResources["denyAll"] = new NetworkPolicy(
    `${name}-deny-all`,
    {
      metadata: meta(NAMESPACE_OBJECT_NAMES.denyAll),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
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
        ...mailEndpoints(plan, true),
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
