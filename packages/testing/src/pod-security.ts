/**
 * The Pod Security Standards' baseline and restricted levels as a check of a pod spec: what the
 * Kubernetes Pod Security admission would refuse, so a test proves that every pod a block builds
 * runs in the namespace level the block promises. The rules are those of the standards' current
 * version (https://kubernetes.io/docs/concepts/security/pod-security-standards/), written from the
 * standard's tables: the fields each control restricts, and the values it allows.
 *
 * Kept in our code rather than a dependency: the reference implementation is Go, and the npm
 * policy engines bring a whole runtime for these fifteen checks.
 */

/** The Pod Security levels this checks; `privileged` restricts nothing. */
export type PodSecurityLevel = "baseline" | "restricted";

/** The parts of a security context the standards read, pod or container level. */
interface SecurityContextLike {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string };
  readonly appArmorProfile?: { readonly type?: string };
  readonly seLinuxOptions?: {
    readonly type?: string;
    readonly user?: string;
    readonly role?: string;
  };
  readonly procMount?: string;
  readonly windowsOptions?: { readonly hostProcess?: boolean };
  readonly sysctls?: readonly { readonly name: string }[];
}

interface ContainerLike {
  readonly name?: string;
  readonly securityContext?: SecurityContextLike;
  readonly ports?: readonly { readonly containerPort?: number; readonly hostPort?: number }[];
}

/** A pod spec as a program registers it (inputs, unwrapped), or as a pod template holds it. */
export interface PodSpecLike {
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly securityContext?: SecurityContextLike;
  readonly containers?: readonly ContainerLike[];
  readonly initContainers?: readonly ContainerLike[];
  readonly ephemeralContainers?: readonly ContainerLike[];
  readonly volumes?: readonly Readonly<Record<string, unknown>>[];
}

/** Capabilities baseline lets a container add: the container runtimes' default set. */
const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);
/** Sysctls baseline allows: namespaced, and isolated from other pods on the node. */
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);
const SELINUX_TYPES = new Set([
  "",
  "container_t",
  "container_init_t",
  "container_kvm_t",
  "container_engine_t",
]);
/** Volume sources restricted allows. */
const RESTRICTED_VOLUMES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

/** Every container of the pod, with the path messages name it by. */
function containersOf(pod: PodSpecLike): [string, ContainerLike][] {
  return (["containers", "initContainers", "ephemeralContainers"] as const).flatMap((list) =>
    (pod[list] ?? []).map((c, i): [string, ContainerLike] => [
      `${list}[${i}] (${c.name ?? "?"})`,
      c,
    ]),
  );
}

/**
 * What the level refuses in a pod spec, one line per problem, naming the field; empty when the pod
 * meets the level. Restricted includes baseline.
 */
export function podSecurityViolations(pod: PodSpecLike, level: PodSecurityLevel): string[] {
  const problems: string[] = [];
  const podContext = pod.securityContext ?? {};
  const containers = containersOf(pod);
  const contexts: [string, SecurityContextLike][] = [
    ["securityContext", podContext],
    ...containers.map(([at, c]): [string, SecurityContextLike] => [
      `${at}.securityContext`,
      c.securityContext ?? {},
    ]),
  ];

  // Baseline.
  for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) {
    if (pod[field] === true) problems.push(`${field} shares the node's namespace`);
  }
  for (const [at, context] of contexts) {
    if (context.windowsOptions?.hostProcess === true)
      problems.push(`${at}: a HostProcess container`);
    if (context.privileged === true) problems.push(`${at}: privileged`);
    const added = (context.capabilities?.add ?? []).filter((c) => !BASELINE_CAPABILITIES.has(c));
    if (added.length > 0) problems.push(`${at}: adds capabilities ${added.join(", ")}`);
    if (context.seccompProfile?.type === "Unconfined") problems.push(`${at}: seccomp Unconfined`);
    const appArmor = context.appArmorProfile?.type;
    if (appArmor !== undefined && appArmor !== "RuntimeDefault" && appArmor !== "Localhost") {
      problems.push(`${at}: AppArmor ${appArmor}`);
    }
    const seLinux = context.seLinuxOptions;
    if (seLinux !== undefined) {
      if (seLinux.type !== undefined && !SELINUX_TYPES.has(seLinux.type)) {
        problems.push(`${at}: SELinux type ${seLinux.type}`);
      }
      if ((seLinux.user ?? "") !== "" || (seLinux.role ?? "") !== "") {
        problems.push(`${at}: a custom SELinux user or role`);
      }
    }
    if (context.procMount !== undefined && context.procMount !== "Default") {
      problems.push(`${at}: procMount ${context.procMount}`);
    }
  }
  for (const sysctl of podContext.sysctls ?? []) {
    if (!SAFE_SYSCTLS.has(sysctl.name)) problems.push(`securityContext: sysctl ${sysctl.name}`);
  }
  (pod.volumes ?? []).forEach((volume, i) => {
    if (volume["hostPath"] !== undefined) problems.push(`volumes[${i}]: a hostPath volume`);
  });
  for (const [at, container] of containers) {
    if ((container.ports ?? []).some((p) => (p.hostPort ?? 0) !== 0)) {
      problems.push(`${at}: a hostPort`);
    }
  }
  if (level === "baseline") return problems;

  // Restricted.
  (pod.volumes ?? []).forEach((volume, i) => {
    const sources = Object.keys(volume).filter((key) => key !== "name");
    const refused = sources.filter((source) => !RESTRICTED_VOLUMES.has(source));
    if (refused.length > 0 && volume["hostPath"] === undefined) {
      problems.push(`volumes[${i}]: a ${refused.join(", ")} volume`);
    }
  });
  const podNonRoot = podContext.runAsNonRoot === true;
  const podSeccomp = podContext.seccompProfile?.type;
  if (podContext.runAsNonRoot === false) problems.push("securityContext: runAsNonRoot false");
  if (podContext.runAsUser === 0) problems.push("securityContext: runAsUser 0");
  for (const [at, container] of containers) {
    const context = container.securityContext ?? {};
    const where = `${at}.securityContext`;
    if (context.allowPrivilegeEscalation !== false) {
      problems.push(`${where}: allowPrivilegeEscalation is not false`);
    }
    if (context.runAsNonRoot === false || (!podNonRoot && context.runAsNonRoot !== true)) {
      problems.push(`${where}: runAsNonRoot is not true (here or for the pod)`);
    }
    if (context.runAsUser === 0) problems.push(`${where}: runAsUser 0`);
    const seccomp = context.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
      problems.push(`${where}: seccomp is not RuntimeDefault or Localhost (here or for the pod)`);
    }
    if (!(context.capabilities?.drop ?? []).includes("ALL")) {
      problems.push(`${where}: does not drop ALL capabilities`);
    }
    const added = (context.capabilities?.add ?? []).filter((c) => c !== "NET_BIND_SERVICE");
    if (added.length > 0) problems.push(`${where}: adds capabilities beyond NET_BIND_SERVICE`);
  }
  return problems;
}
