/**
 * The mail server's pod: one container per program (Postfix, Dovecot, OpenDKIM), each with the
 * least it needs, talking to each other over the pod's shared 127.0.0.1 (the configuration already
 * puts LMTP, auth, quota-status and the milter there). Pure data: nothing here registers a resource.
 *
 * Only Postfix runs as root, because its `master` refuses anything else ("the master command is
 * reserved for the superuser"); it keeps five capabilities, each of which the real-server test
 * shows Postfix fails without (`POSTFIX_CAPABILITIES`). Dovecot and OpenDKIM run as the mail user
 * with every capability dropped and meet the `restricted` Pod Security level. Every container
 * listens on a port above 1023, so none needs NET_BIND_SERVICE; the Service maps 25, 587 and 993.
 */
import { posix } from "node:path";
import type { core } from "@pulumi/kubernetes/types/input";
import type { MailServerConfig, ResolvedMailServerConfig } from "./config";
import { DOVECOT_ACCOUNTS_FILE } from "./dovecot";
import { dkimKeyFileName } from "./dkim";
import { MAIL_CONFIG_FILES } from "./files";
import { RELAY_PASSWORD_FILE } from "./postfix";

/** Where the pod mounts everything; the config is built with these, so its text names them. */
export const MAIL_POD_PATHS = {
  configDirectory: "/etc/wissel-mail",
  secretsDirectory: "/etc/wissel-mail-secrets",
  dataDirectory: "/var/lib/wissel-mail",
  runDirectory: "/run/wissel-mail",
} as const;

/** The TLS Secret's mount (a `kubernetes.io/tls` Secret: `tls.crt` and `tls.key`). */
export const MAIL_POD_TLS = {
  certificateFile: "/etc/wissel-mail-tls/tls.crt",
  keyFile: "/etc/wissel-mail-tls/tls.key",
} as const;

/** The ports the containers listen on: above 1023, so no container needs NET_BIND_SERVICE. */
export const MAIL_CONTAINER_PORTS = { smtp: 2525, submission: 5870, imaps: 9993 } as const;

/** The standard ports the Service offers, each mapped to its container port. */
export const MAIL_SERVICE_PORTS = { smtp: 25, submission: 587, imaps: 993 } as const;

/**
 * What Postfix's root processes keep, after `drop: [ALL]`. Each is needed, and the real-server
 * test runs Postfix with exactly these (and fails without any one of them):
 * - CHOWN: `postfix check` (and `start-fg`) gives the queue directories to `mail_owner`;
 * - DAC_OVERRIDE: root enters and reads the queue directories `mail_owner` owns (mode 0700);
 * - FOWNER: root sets the mode of those directories, which it does not own;
 * - SETGID, SETUID: the master starts every daemon as `mail_owner`.
 * Not NET_BIND_SERVICE (ports above 1023), not KILL, never NET_ADMIN or SYS_ADMIN.
 */
export const POSTFIX_CAPABILITIES = [
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "SETGID",
  "SETUID",
] as const;

/**
 * The part of the mail server's config the pod decides: the paths it mounts, the TLS files and the
 * ports the containers listen on. Spread it into the `MailServerConfig`.
 */
export function mailPodConfigInput(): Pick<MailServerConfig, "paths" | "tls" | "listen"> {
  return {
    paths: { ...MAIL_POD_PATHS },
    tls: { ...MAIL_POD_TLS },
    listen: {
      address: "0.0.0.0",
      smtpPort: MAIL_CONTAINER_PORTS.smtp,
      submissionPort: MAIL_CONTAINER_PORTS.submission,
      imapsPort: MAIL_CONTAINER_PORTS.imaps,
    },
  };
}

/** The volumes' names in the pod. */
export const MAIL_VOLUMES = {
  config: "config",
  accounts: "accounts",
  dkimKeys: "dkim-keys",
  tls: "tls",
  run: "run",
  data: "data",
  relay: "relay-login",
} as const;

/** What the pod needs to know besides the config. */
export interface MailPodInput {
  readonly config: ResolvedMailServerConfig;
  readonly image: string;
  readonly configMapName: string;
  readonly secretName: string;
  readonly tlsSecretName: string;
  /** The PersistentVolumeClaim that holds the mail. */
  readonly dataClaimName: string;
}

const RUNTIME_DEFAULT = { type: "RuntimeDefault" } as const;

/** Read-only root, no escalation, no capabilities, as the mail user: meets `restricted`. */
function unprivileged(config: ResolvedMailServerConfig) {
  return {
    runAsUser: config.user.uid,
    runAsGroup: config.user.gid,
    runAsNonRoot: true,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: RUNTIME_DEFAULT,
  } satisfies core.v1.SecurityContext;
}

/** Root, because Postfix's master insists, but with only `POSTFIX_CAPABILITIES`: meets `baseline`. */
function postfixSecurityContext() {
  return {
    runAsUser: 0,
    runAsGroup: 0,
    runAsNonRoot: false,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"], add: [...POSTFIX_CAPABILITIES] },
    seccompProfile: RUNTIME_DEFAULT,
  } satisfies core.v1.SecurityContext;
}

/** Groups the TLS files by directory: one mount per directory, each with its items. */
function tlsMounts(config: ResolvedMailServerConfig) {
  const files = [
    { key: "tls.crt", path: config.tls.certificateFile },
    { key: "tls.key", path: config.tls.keyFile },
  ];
  const directories = [...new Set(files.map((file) => posix.dirname(file.path)))];
  return directories.map((directory, i) => ({
    name: i === 0 ? MAIL_VOLUMES.tls : `${MAIL_VOLUMES.tls}-${i}`,
    directory,
    items: files
      .filter((file) => posix.dirname(file.path) === directory)
      .map((file) => ({ key: file.key, path: posix.basename(file.path) })),
  }));
}

function mount(name: string, mountPath: string, readOnly: boolean) {
  return { name, mountPath, readOnly } satisfies core.v1.VolumeMount;
}

function tcpReadiness(port: number) {
  return {
    tcpSocket: { port },
    initialDelaySeconds: 5,
    periodSeconds: 10,
  } satisfies core.v1.Probe;
}

/** The shell line the Postfix container runs: its state directories, then `postfix start-fg`. */
export function postfixCommand(config: ResolvedMailServerConfig): string[] {
  const state = `${config.paths.dataDirectory}/postfix`;
  return [
    "/bin/sh",
    "-c",
    [
      // The queue belongs to root and its data directory to mail_owner, as `postfix check` demands;
      // the volume gives neither, so the container makes them before Postfix starts.
      `install -d -o root -g root -m 0755 ${state} ${state}/queue`,
      `install -d -o ${config.postfix.mailOwner} -g root -m 0755 ${state}/data`,
      `exec /usr/sbin/postfix -c ${config.paths.configDirectory} start-fg`,
    ].join(" && "),
  ];
}

/** The pod spec: three containers, the volumes they share, the pod's own security context. */
export function mailPodSpec(input: MailPodInput) {
  const { config } = input;
  const { paths } = config;
  const configFile = (name: string) => `${paths.configDirectory}/${name}`;
  const tls = tlsMounts(config);
  const tlsVolumeMounts = tls.map((t) => mount(t.name, t.directory, true));
  const secretMode = 0o440;
  const relayLogin = config.relayHost?.credentials !== undefined;
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    terminationGracePeriodSeconds: 60,
    securityContext: {
      // The mail user's group owns the volumes: Dovecot and OpenDKIM read the Secrets and write
      // the data volume through it.
      fsGroup: config.user.gid,
      fsGroupChangePolicy: "OnRootMismatch",
      seccompProfile: RUNTIME_DEFAULT,
    },
    containers: [
      {
        name: "postfix",
        image: input.image,
        command: postfixCommand(config),
        ports: [
          { name: "smtp", containerPort: config.listen.smtpPort, protocol: "TCP" },
          { name: "submission", containerPort: config.listen.submissionPort, protocol: "TCP" },
        ],
        readinessProbe: tcpReadiness(config.listen.submissionPort),
        securityContext: postfixSecurityContext(),
        resources: {
          requests: { cpu: "50m", memory: "64Mi" },
          limits: { memory: "256Mi" },
        },
        // Of the Secret, only the smarthost's login: Postfix asks Dovecot (auth) and OpenDKIM
        // (keys); the TLS key and the login it reads as root.
        volumeMounts: [
          mount(MAIL_VOLUMES.config, paths.configDirectory, true),
          ...tlsVolumeMounts,
          mount(MAIL_VOLUMES.data, paths.dataDirectory, false),
          ...(relayLogin ? [mount(MAIL_VOLUMES.relay, paths.secretsDirectory, true)] : []),
        ],
      },
      {
        name: "dovecot",
        image: input.image,
        command: ["/usr/sbin/dovecot", "-F", "-c", configFile(MAIL_CONFIG_FILES.dovecot)],
        ports: [{ name: "imaps", containerPort: config.listen.imapsPort, protocol: "TCP" }],
        readinessProbe: tcpReadiness(config.listen.imapsPort),
        securityContext: unprivileged(config),
        resources: {
          requests: { cpu: "50m", memory: "64Mi" },
          limits: { memory: "512Mi" },
        },
        volumeMounts: [
          mount(MAIL_VOLUMES.config, paths.configDirectory, true),
          mount(MAIL_VOLUMES.accounts, paths.secretsDirectory, true),
          ...tlsVolumeMounts,
          mount(MAIL_VOLUMES.data, paths.dataDirectory, false),
          mount(MAIL_VOLUMES.run, paths.runDirectory, false),
        ],
      },
      {
        name: "opendkim",
        image: input.image,
        command: ["/usr/sbin/opendkim", "-f", "-x", configFile(MAIL_CONFIG_FILES.opendkim)],
        // No probe: the milter listens on 127.0.0.1 only, which the kubelet cannot reach; while it
        // is down Postfix defers submitted mail (milter_default_action = tempfail).
        securityContext: unprivileged(config),
        resources: {
          requests: { cpu: "10m", memory: "32Mi" },
          limits: { memory: "128Mi" },
        },
        volumeMounts: [
          mount(MAIL_VOLUMES.config, paths.configDirectory, true),
          mount(MAIL_VOLUMES.dkimKeys, paths.secretsDirectory, true),
          mount(MAIL_VOLUMES.run, paths.runDirectory, false),
        ],
      },
    ],
    volumes: [
      { name: MAIL_VOLUMES.config, configMap: { name: input.configMapName, defaultMode: 0o444 } },
      // One Secret, two views: Dovecot sees only the accounts, OpenDKIM only the keys.
      {
        name: MAIL_VOLUMES.accounts,
        secret: {
          secretName: input.secretName,
          defaultMode: secretMode,
          items: [{ key: DOVECOT_ACCOUNTS_FILE, path: DOVECOT_ACCOUNTS_FILE }],
        },
      },
      {
        name: MAIL_VOLUMES.dkimKeys,
        secret: {
          secretName: input.secretName,
          defaultMode: secretMode,
          items: config.domains.map((domain) => ({
            key: dkimKeyFileName(domain),
            path: dkimKeyFileName(domain),
          })),
        },
      },
      ...tls.map((t) => ({
        name: t.name,
        secret: { secretName: input.tlsSecretName, defaultMode: secretMode, items: t.items },
      })),
      ...(relayLogin
        ? [
            {
              name: MAIL_VOLUMES.relay,
              secret: {
                secretName: input.secretName,
                // Root's alone: the smtp client reads it before it gives up root.
                defaultMode: 0o400,
                items: [{ key: RELAY_PASSWORD_FILE, path: RELAY_PASSWORD_FILE }],
              },
            },
          ]
        : []),
      // Sockets and pid files only; in memory, small.
      { name: MAIL_VOLUMES.run, emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
      // The mail: a claim of its own (not a StatefulSet template), so it can grow with the quotas
      // and Pulumi protects and retains it like every volume that holds data.
      { name: MAIL_VOLUMES.data, persistentVolumeClaim: { claimName: input.dataClaimName } },
    ],
  } satisfies core.v1.PodSpec;
}

/** The pod spec `mailPodSpec` returns. */
export type MailPodSpec = ReturnType<typeof mailPodSpec>;

/** The Pod Security level the mail server's namespace must allow, and why: for the plan. */
export interface MailPodSecurityDecision {
  readonly level: "restricted" | "baseline";
  readonly reason: string;
}

/** Restricted allows a container no root and no capability beyond NET_BIND_SERVICE. */
function needsMoreThanRestricted(context: {
  readonly runAsNonRoot?: boolean;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
}): string[] {
  const added = (context.capabilities?.add ?? []).filter((c) => c !== "NET_BIND_SERVICE");
  return [...(context.runAsNonRoot === true ? [] : ["root"]), ...added];
}

/**
 * The least Pod Security level the pod runs under: `restricted` when every container meets it,
 * else `baseline` (never `privileged`: no container is privileged or adds a capability outside
 * the runtime's default set), naming the containers that need it and what for.
 */
export function mailPodSecurityLevel(pod: MailPodSpec): MailPodSecurityDecision {
  const needs = pod.containers
    .map((container) => ({
      name: container.name,
      needs: needsMoreThanRestricted(container.securityContext),
    }))
    .filter((entry) => entry.needs.length > 0);
  if (needs.length === 0)
    return {
      level: "restricted",
      reason: "Every container runs as non-root with no capabilities.",
    };
  const others = pod.containers
    .map((c) => c.name)
    .filter((name) => !needs.some((n) => n.name === name));
  return {
    level: "baseline",
    reason:
      needs.map((n) => `the ${n.name} container needs ${n.needs.join(", ")}`).join("; ") +
      ": Postfix's master refuses to run as anything but root, and as root it needs these " +
      "capabilities to own its queue and start its daemons as mail_owner. Baseline allows them " +
      "(the container runtime's default set) and still forbids privileged containers, host " +
      `namespaces and other capabilities; ${others.join(" and ")} meet restricted on their own.`,
  };
}
