/**
 * The mail server's Kubernetes objects, as plain specs: the ConfigMap and Secret of its files, the
 * volume claim that holds the mail, a one-replica StatefulSet that mounts it, a Service for 25, 587 and 993 (mapped
 * to the containers' unprivileged ports), the StatefulSet's headless Service, and a NetworkPolicy
 * that lets in only those ports and lets out only DNS and SMTP. Nothing here registers a resource;
 * the Mailbox and MailDomain blocks hand these specs to `@pulumi/kubernetes`.
 */
import { createHash } from "node:crypto";
import { WisselError, type Issue } from "@wissel/core";
import type { apps, core, networking } from "@pulumi/kubernetes/types/input";
import { clusterDnsEgress, MANAGED_BY_LABEL } from "../namespace-objects";
import type { MailServerFiles } from "./files";
import { MAIL_SERVICE_PORTS, mailPodSpec } from "./pod";

/** The pod-template annotation that carries `mailConfigHash`, so a changed file rolls the pod. */
export const MAIL_CONFIG_HASH_ANNOTATION = "wissel.dev/config-sha256";

const SUBJECT = "mail server pod";

/** What the objects need besides the files: the Kubernetes facts the plan decided. */
export interface MailWorkloadInput {
  /** `mailServerFiles` of a config built with `mailPodConfigInput()`. */
  readonly files: MailServerFiles;
  readonly namespace: string;
  /** The StatefulSet's and public Service's name; the others are `${name}-<role>`. */
  readonly name: string;
  /** The image with Debian's Postfix, Dovecot and OpenDKIM (`images/mail-server`). */
  readonly image: string;
  readonly storage: {
    /** @default - the cluster's default StorageClass */
    readonly className?: string;
    readonly sizeGiB: number;
  };
  /** A `kubernetes.io/tls` Secret in the namespace (given, or cert-manager's). */
  readonly tlsSecretName: string;
  /**
   * How the Service is reached. Mail from the Internet needs a public address on 25.
   * @default "LoadBalancer"
   */
  readonly serviceType?: "LoadBalancer" | "ClusterIP";
}

/** The objects' names, from the input's `name`. */
export function mailObjectNames(name: string) {
  return {
    statefulSet: name,
    service: name,
    headlessService: `${name}-headless`,
    configMap: `${name}-config`,
    secret: `${name}-secrets`,
    dataClaim: `${name}-data`,
    networkPolicy: name,
  } as const;
}

/**
 * A SHA-256 over every configuration and secret file (names and contents, in name order). Only the
 * digest leaves the Secret; the files it covers are high-entropy hashes and keys.
 */
export function mailConfigHash(
  files: Pick<MailServerFiles, "configFiles" | "secretFiles">,
): string {
  const sorted = (record: Readonly<Record<string, string>>) =>
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key] ?? ""]);
  return createHash("sha256")
    .update(JSON.stringify([sorted(files.configFiles), sorted(files.secretFiles)]))
    .digest("hex");
}

function labelsOf(name: string) {
  return {
    "app.kubernetes.io/name": "wissel-mail",
    "app.kubernetes.io/instance": name,
  } as const;
}

/** Container ports must be above 1023 and listen on every address, as `mailPodConfigInput` sets. */
function checkListen(files: MailServerFiles): void {
  const { listen } = files.config;
  const issues: Issue[] = [];
  const fix = "Build the config with mailPodConfigInput(); the Service offers 25, 587 and 993.";
  for (const [field, port] of [
    ["listen.smtpPort", listen.smtpPort],
    ["listen.submissionPort", listen.submissionPort],
    ["listen.imapsPort", listen.imapsPort],
  ] as const)
    if (port < 1024)
      issues.push({
        subject: SUBJECT,
        field,
        value: port,
        rule: "must be above 1023 in the pod (no container has NET_BIND_SERVICE)",
        fix,
      });
  if (listen.address !== "0.0.0.0")
    issues.push({
      subject: SUBJECT,
      field: "listen.address",
      value: listen.address,
      rule: "must be 0.0.0.0 in the pod (the Service reaches the pod's own address)",
      fix,
    });
  if (issues.length > 0) throw new WisselError(issues);
}

/** Every object of the mail server, as `@pulumi/kubernetes` takes them. */
export function mailServerObjects(input: MailWorkloadInput) {
  checkListen(input.files);
  const { config, configFiles, secretFiles } = input.files;
  const names = mailObjectNames(input.name);
  const selector = labelsOf(input.name);
  const labels = { ...MANAGED_BY_LABEL, ...selector };
  const metadata = (name: string) => ({ name, namespace: input.namespace, labels });
  const pod = mailPodSpec({
    config,
    image: input.image,
    configMapName: names.configMap,
    secretName: names.secret,
    tlsSecretName: input.tlsSecretName,
    dataClaimName: names.dataClaim,
  });

  const configMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: metadata(names.configMap),
    data: { ...configFiles },
  } satisfies core.v1.ConfigMap;

  const secret = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: metadata(names.secret),
    type: "Opaque",
    stringData: { ...secretFiles },
  } satisfies core.v1.Secret;

  const statefulSet = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: metadata(names.statefulSet),
    spec: {
      // One server: Postfix's queue and Dovecot's mailboxes are on one ReadWriteOnce volume.
      replicas: 1,
      serviceName: names.headlessService,
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels,
          annotations: { [MAIL_CONFIG_HASH_ANNOTATION]: mailConfigHash(input.files) },
        },
        spec: pod,
      },
    },
  } satisfies apps.v1.StatefulSet;

  // Its own object, so the size can grow (where the StorageClass allows expansion) and the claim
  // outlives the StatefulSet; the block registers it protected and retained.
  const dataClaim = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: metadata(names.dataClaim),
    spec: {
      accessModes: ["ReadWriteOnce"],
      ...(input.storage.className === undefined
        ? {}
        : { storageClassName: input.storage.className }),
      resources: { requests: { storage: `${input.storage.sizeGiB}Gi` } },
    },
  } satisfies core.v1.PersistentVolumeClaim;

  const servicePorts = [
    { name: "smtp", port: MAIL_SERVICE_PORTS.smtp, targetPort: config.listen.smtpPort },
    {
      name: "submission",
      port: MAIL_SERVICE_PORTS.submission,
      targetPort: config.listen.submissionPort,
    },
    { name: "imaps", port: MAIL_SERVICE_PORTS.imaps, targetPort: config.listen.imapsPort },
  ].map((port) => ({ ...port, protocol: "TCP" }));
  const serviceType = input.serviceType ?? "LoadBalancer";
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: metadata(names.service),
    spec: {
      type: serviceType,
      selector,
      ports: servicePorts,
      // Keep the client's address: Postfix logs it, and a NAT'd address would hide abuse.
      ...(serviceType === "LoadBalancer" ? { externalTrafficPolicy: "Local" } : {}),
    },
  } satisfies core.v1.Service;

  const headlessService = {
    apiVersion: "v1",
    kind: "Service",
    metadata: metadata(names.headlessService),
    spec: { clusterIP: "None", selector, ports: servicePorts },
  } satisfies core.v1.Service;

  // Outgoing mail goes to each domain's MX on 25, or to the smarthost's port when there is one.
  const smtpOut = config.relayHost?.port ?? MAIL_SERVICE_PORTS.smtp;
  const networkPolicy = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: metadata(names.networkPolicy),
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ["Ingress", "Egress"],
      // From anywhere (mail comes from the Internet), to the container ports only: a policy sees
      // the pod's ports, after the Service has mapped 25, 587 and 993 onto them.
      ingress: [
        {
          ports: [
            config.listen.smtpPort,
            config.listen.submissionPort,
            config.listen.imapsPort,
          ].map((port) => ({ protocol: "TCP", port })),
        },
      ],
      egress: [
        clusterDnsEgress(),
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0" } }],
          ports: [{ protocol: "TCP", port: smtpOut }],
        },
      ],
    },
  } satisfies networking.v1.NetworkPolicy;

  return { configMap, secret, dataClaim, statefulSet, service, headlessService, networkPolicy };
}

/** The objects `mailServerObjects` returns. */
export type MailServerObjects = ReturnType<typeof mailServerObjects>;
