/**
 * The mail server's Kubernetes objects (`src/mail/workload.ts`, `src/mail/pod.ts`): each container
 * against the Pod Security Standards, the objects against the upstream schemas, every mount against
 * the paths the configuration text names, the config hash, the Services' ports and the
 * NetworkPolicy. That Postfix runs with only its container's capabilities is proven on the real
 * server (`mail-server.test.ts` starts it with `POSTFIX_CAPABILITIES`).
 */
import { podSecurityViolations, validateKubernetesObjects } from "@wissel/testing";
import type { MailServerConfig } from "../src/mail/config";
import { dkimKeyFileName, generateDkimKey } from "../src/mail/dkim";
import { DOVECOT_ACCOUNTS_FILE } from "../src/mail/dovecot";
import { MAIL_CONFIG_FILES, mailServerFiles } from "../src/mail/files";
import { hashPassword } from "../src/mail/passwords";
import { POSTFIX_TABLES } from "../src/mail/postfix";
import {
  MAIL_CONTAINER_PORTS,
  POSTFIX_CAPABILITIES,
  mailPodConfigInput,
  mailPodSecurityLevel,
  type MailPodSpec,
} from "../src/mail/pod";
import {
  MAIL_CONFIG_HASH_ANNOTATION,
  mailServerObjects,
  type MailWorkloadInput,
} from "../src/mail/workload";

jest.setTimeout(60_000);

const KEY = generateDkimKey();
const HASH = hashPassword("not-a-real-password-but-long-enough");

function config(mailboxes = ["meldingen@gemeente.example"]): MailServerConfig {
  return {
    hostname: "mail.gemeente.example",
    domains: [{ name: "gemeente.example", dkimSelector: "wissel2026", dkimPrivateKeyPem: KEY }],
    mailboxes: mailboxes.map((address) => ({
      address,
      passwordHash: HASH,
      quotaBytes: 1024 ** 3,
    })),
    ...mailPodConfigInput(),
  };
}

function input(overrides: Partial<MailWorkloadInput> = {}): MailWorkloadInput {
  return {
    files: mailServerFiles(config()),
    namespace: "mail",
    name: "mail",
    image: "registry.example/wissel/mail-server:1.0.0",
    storage: { className: "standard", sizeGiB: 10 },
    tlsSecretName: "mail-tls",
    ...overrides,
  };
}

const objects = mailServerObjects(input());
const pod: MailPodSpec = objects.statefulSet.spec.template.spec;
const container = (name: string) => {
  const found = pod.containers.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no container ${name}`);
  return found;
};
/** The pod with only the named container, to check a level per container. */
const only = (name: string): MailPodSpec => ({ ...pod, containers: [container(name)] });

describe("the mail server pod against the Pod Security Standards", () => {
  it.each(["dovecot", "opendkim"])("%s meets restricted on its own", (name) => {
    expect(podSecurityViolations(only(name), "restricted")).toEqual([]);
  });

  it("postfix does not meet restricted (root, five capabilities), which the check sees", () => {
    expect(podSecurityViolations(only("postfix"), "restricted")).toEqual([
      "containers[0] (postfix).securityContext: runAsNonRoot is not true (here or for the pod)",
      "containers[0] (postfix).securityContext: runAsUser 0",
      "containers[0] (postfix).securityContext: adds capabilities beyond NET_BIND_SERVICE",
    ]);
  });

  it("the whole pod meets baseline", () => {
    expect(podSecurityViolations(pod, "baseline")).toEqual([]);
  });

  it("no container is privileged, escalates, adds NET_ADMIN or keeps a capability it was not given", () => {
    for (const c of pod.containers) {
      const context = c.securityContext;
      expect(context).toMatchObject({
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        seccompProfile: { type: "RuntimeDefault" },
        capabilities: { drop: ["ALL"] },
      });
      const added: readonly string[] =
        "add" in context.capabilities ? context.capabilities.add : [];
      expect(added).not.toContain("NET_ADMIN");
      expect(added).not.toContain("SYS_ADMIN");
      expect(added).not.toContain("NET_BIND_SERVICE");
    }
    expect(container("postfix").securityContext.capabilities).toEqual({
      drop: ["ALL"],
      add: ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"],
    });
    expect([...POSTFIX_CAPABILITIES]).toEqual([
      "CHOWN",
      "DAC_OVERRIDE",
      "FOWNER",
      "SETGID",
      "SETUID",
    ]);
    // Only Postfix is root; the others run as the mail user the config names.
    expect(pod.containers.map((c) => [c.name, c.securityContext.runAsUser])).toEqual([
      ["postfix", 0],
      ["dovecot", 5000],
      ["opendkim", 5000],
    ]);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it("asks the namespace for baseline, naming postfix and why", () => {
    const decision = mailPodSecurityLevel(pod);
    expect(decision.level).toBe("baseline");
    expect(decision.reason).toMatch(
      /^the postfix container needs root, CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID: Postfix's master/,
    );
    expect(decision.reason).toMatch(/dovecot and opendkim meet restricted/);
    // Without the root container, the same pod would need no more than restricted.
    expect(
      mailPodSecurityLevel({ ...pod, containers: [container("dovecot"), container("opendkim")] })
        .level,
    ).toBe("restricted");
  });
});

describe("the mail server's objects", () => {
  it("pass the upstream schemas and the API server's metadata rules", () => {
    const list = [
      objects.configMap,
      objects.secret,
      objects.statefulSet,
      objects.service,
      objects.headlessService,
      objects.networkPolicy,
    ];
    const errors = validateKubernetesObjects(list);
    expect(list.map((o, i) => ({ kind: o.kind, errors: errors[i] }))).toEqual(
      list.map((o) => ({ kind: o.kind, errors: [] })),
    );
  });

  it("is one replica that mounts the mail's own ReadWriteOnce claim", () => {
    const { spec } = objects.statefulSet;
    expect(spec.replicas).toBe(1);
    expect(spec.serviceName).toBe("mail-headless");
    expect(spec).not.toHaveProperty("volumeClaimTemplates");
    expect(spec.template.spec.volumes).toContainEqual({
      name: "data",
      persistentVolumeClaim: { claimName: "mail-data" },
    });
    expect(objects.dataClaim.metadata.name).toBe("mail-data");
    expect(objects.dataClaim.spec).toEqual({
      accessModes: ["ReadWriteOnce"],
      storageClassName: "standard",
      resources: { requests: { storage: "10Gi" } },
    });
    const noClass = mailServerObjects(input({ storage: { sizeGiB: 5 } })).dataClaim.spec;
    expect(noClass).not.toHaveProperty("storageClassName");
  });

  it("puts the config files in the ConfigMap and the secret files in the Secret, unchanged", () => {
    const files = input().files;
    expect(objects.configMap.data).toEqual(files.configFiles);
    expect(objects.secret.stringData).toEqual(files.secretFiles);
    expect(objects.secret.metadata.name).toBe("mail-secrets");
  });
});

describe("the mounts are where the configuration text looks", () => {
  const { paths, tls } = input().files.config;
  const text = Object.values(input().files.configFiles).join("\n");
  const mountsOf = (name: string) =>
    Object.fromEntries(
      container(name).volumeMounts.map((m) => [m.mountPath, [m.name, m.readOnly]]),
    );
  const volume = (name: string) => {
    const found = pod.volumes.find((v) => v.name === name);
    if (found === undefined) throw new Error(`no volume ${name}`);
    return found;
  };

  it("names the pod's paths in the text (so a mount elsewhere would break it)", () => {
    for (const path of [
      `${paths.configDirectory}/${POSTFIX_TABLES.virtualMailboxes}`,
      `${paths.secretsDirectory}/${DOVECOT_ACCOUNTS_FILE}`,
      `${paths.secretsDirectory}/${dkimKeyFileName(input().files.config.domains[0]!)}`,
      `${paths.dataDirectory}/postfix/queue`,
      `${paths.runDirectory}/dovecot`,
      tls.certificateFile,
      tls.keyFile,
    ])
      expect(text).toContain(path);
  });

  it("mounts config and secrets read-only, data and run writable, each only where it is read", () => {
    expect(mountsOf("postfix")).toEqual({
      [paths.configDirectory]: ["config", true],
      "/etc/wissel-mail-tls": ["tls", true],
      [paths.dataDirectory]: ["data", false],
    });
    expect(mountsOf("dovecot")).toEqual({
      [paths.configDirectory]: ["config", true],
      [paths.secretsDirectory]: ["accounts", true],
      "/etc/wissel-mail-tls": ["tls", true],
      [paths.dataDirectory]: ["data", false],
      [paths.runDirectory]: ["run", false],
    });
    expect(mountsOf("opendkim")).toEqual({
      [paths.configDirectory]: ["config", true],
      [paths.secretsDirectory]: ["dkim-keys", true],
      [paths.runDirectory]: ["run", false],
    });
  });

  it("projects each file where the text names it", () => {
    expect(volume("config")).toEqual({
      name: "config",
      configMap: { name: "mail-config", defaultMode: 0o444 },
    });
    // Dovecot gets only the accounts file, OpenDKIM only the keys: the Secret's two halves.
    expect(volume("accounts")).toMatchObject({
      secret: {
        secretName: "mail-secrets",
        items: [{ key: DOVECOT_ACCOUNTS_FILE, path: DOVECOT_ACCOUNTS_FILE }],
      },
    });
    const keyFile = dkimKeyFileName(input().files.config.domains[0]!);
    expect(volume("dkim-keys")).toMatchObject({
      secret: { secretName: "mail-secrets", items: [{ key: keyFile, path: keyFile }] },
    });
    expect(Object.keys(input().files.secretFiles).sort()).toEqual(
      [DOVECOT_ACCOUNTS_FILE, keyFile].sort(),
    );
    expect(volume("tls")).toMatchObject({
      secret: {
        secretName: "mail-tls",
        items: [
          { key: "tls.crt", path: "tls.crt" },
          { key: "tls.key", path: "tls.key" },
        ],
      },
    });
    expect(`/etc/wissel-mail-tls/tls.crt`).toBe(tls.certificateFile);
  });

  it("starts each program with the file the ConfigMap holds", () => {
    const files = input().files.configFiles;
    expect(container("dovecot").command).toEqual([
      "/usr/sbin/dovecot",
      "-F",
      "-c",
      `${paths.configDirectory}/${MAIL_CONFIG_FILES.dovecot}`,
    ]);
    expect(container("opendkim").command).toEqual([
      "/usr/sbin/opendkim",
      "-f",
      "-x",
      `${paths.configDirectory}/${MAIL_CONFIG_FILES.opendkim}`,
    ]);
    expect(container("postfix").command.join(" ")).toContain(
      `exec /usr/sbin/postfix -c ${paths.configDirectory} start-fg`,
    );
    for (const name of [MAIL_CONFIG_FILES.dovecot, MAIL_CONFIG_FILES.opendkim, "main.cf"])
      expect(files).toHaveProperty([name]);
  });
});

describe("the probes", () => {
  it("probe only ports the kubelet reaches: the public ones, never a loopback-only port", () => {
    const { listen, internalPorts } = input().files.config;
    const probed = pod.containers.flatMap((c) =>
      "readinessProbe" in c ? [[c.name, c.readinessProbe.tcpSocket.port]] : [],
    );
    expect(probed).toEqual([
      ["postfix", listen.submissionPort],
      ["dovecot", listen.imapsPort],
    ]);
    for (const [, port] of probed) expect(Object.values(internalPorts)).not.toContain(port);
  });
});

describe("the config hash", () => {
  const hashOf = (mailboxes: string[]) =>
    mailServerObjects(input({ files: mailServerFiles(config(mailboxes)) })).statefulSet.spec
      .template.metadata.annotations[MAIL_CONFIG_HASH_ANNOTATION];

  it("is a SHA-256, the same for the same files", () => {
    expect(hashOf(["meldingen@gemeente.example"])).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf(["meldingen@gemeente.example"])).toBe(
      objects.statefulSet.spec.template.metadata.annotations[MAIL_CONFIG_HASH_ANNOTATION],
    );
  });

  it("changes when a mailbox is added, so the pod rolls", () => {
    expect(hashOf(["meldingen@gemeente.example", "vergunningen@gemeente.example"])).not.toBe(
      hashOf(["meldingen@gemeente.example"]),
    );
  });

  it("changes when only a secret file changes (a new password hash)", () => {
    const base = input().files;
    const changed = mailServerObjects(
      input({
        files: { ...base, secretFiles: { ...base.secretFiles, [DOVECOT_ACCOUNTS_FILE]: "x\n" } },
      }),
    );
    expect(changed.statefulSet.spec.template.metadata.annotations).not.toEqual(
      objects.statefulSet.spec.template.metadata.annotations,
    );
  });
});

describe("the Services and the NetworkPolicy", () => {
  it("offer exactly 25, 587 and 993, each to its unprivileged container port", () => {
    expect(objects.service.spec.ports).toEqual([
      { name: "smtp", port: 25, targetPort: 2525, protocol: "TCP" },
      { name: "submission", port: 587, targetPort: 5870, protocol: "TCP" },
      { name: "imaps", port: 993, targetPort: 9993, protocol: "TCP" },
    ]);
    expect(objects.service.spec).toMatchObject({
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
    });
    expect(objects.headlessService.spec.clusterIP).toBe("None");
    const containerPorts = pod.containers.flatMap((c) =>
      "ports" in c ? c.ports.map((p) => p.containerPort) : [],
    );
    expect(containerPorts.sort()).toEqual(
      [
        MAIL_CONTAINER_PORTS.smtp,
        MAIL_CONTAINER_PORTS.submission,
        MAIL_CONTAINER_PORTS.imaps,
      ].sort(),
    );
    expect(mailServerObjects(input({ serviceType: "ClusterIP" })).service.spec).not.toHaveProperty(
      "externalTrafficPolicy",
    );
  });

  it("let in only the three container ports and let out only DNS and SMTP", () => {
    expect(objects.networkPolicy.spec).toEqual({
      podSelector: {
        matchLabels: {
          "app.kubernetes.io/name": "wissel-mail",
          "app.kubernetes.io/instance": "mail",
        },
      },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          ports: [
            { protocol: "TCP", port: 2525 },
            { protocol: "TCP", port: 5870 },
            { protocol: "TCP", port: 9993 },
          ],
        },
      ],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
        { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 25 }] },
      ],
    });
    // The pod's labels are what the policy and the Services select.
    expect(objects.statefulSet.spec.template.metadata.labels).toMatchObject(
      objects.networkPolicy.spec.podSelector.matchLabels,
    );
  });

  it("lets out the smarthost's port instead of 25 when mail goes through one", () => {
    const relayed = mailServerObjects(
      input({
        files: mailServerFiles({ ...config(), relayHost: { host: "smtp.tem.example", port: 587 } }),
      }),
    );
    expect(relayed.networkPolicy.spec.egress[1]).toEqual({
      to: [{ ipBlock: { cidr: "0.0.0.0/0" } }],
      ports: [{ protocol: "TCP", port: 587 }],
    });
  });

  it("refuses a config whose containers would listen below 1024", () => {
    expect(() =>
      mailServerObjects(
        input({ files: mailServerFiles({ ...config(), listen: { address: "0.0.0.0" } }) }),
      ),
    ).toThrow(/listen\.smtpPort.*25.*must be above 1023.*mailPodConfigInput/s);
  });
});
