import { podSecurityViolations, type PodSpecLike } from "@wissel/testing";

/** A pod that meets restricted: non-root, seccomp RuntimeDefault, no escalation, all capabilities dropped. */
const RESTRICTED: PodSpecLike = {
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 1000,
    seccompProfile: { type: "RuntimeDefault" },
  },
  containers: [
    {
      name: "app",
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] },
      },
      ports: [{ hostPort: 0 }],
    },
  ],
  volumes: [
    { name: "data", persistentVolumeClaim: { claimName: "data" } },
    { name: "config", configMap: { name: "config" } },
    { name: "tmp", emptyDir: {} },
  ],
};

const app = RESTRICTED.containers![0]!;
function withContainer(securityContext: object, extra: object = {}): PodSpecLike {
  return {
    ...RESTRICTED,
    containers: [
      { ...app, ...extra, securityContext: { ...app.securityContext, ...securityContext } },
    ],
  };
}

describe("podSecurityViolations", () => {
  it("finds nothing in a restricted pod, at either level", () => {
    expect(podSecurityViolations(RESTRICTED, "restricted")).toEqual([]);
    expect(podSecurityViolations(RESTRICTED, "baseline")).toEqual([]);
  });

  it.each<[string, PodSpecLike, string]>([
    [
      "host network",
      { ...RESTRICTED, hostNetwork: true },
      "hostNetwork shares the node's namespace",
    ],
    ["host PID", { ...RESTRICTED, hostPID: true }, "hostPID"],
    [
      "privileged",
      withContainer({ privileged: true }),
      "containers[0] (app).securityContext: privileged",
    ],
    [
      "SYS_ADMIN",
      withContainer({ capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } }),
      "adds capabilities SYS_ADMIN",
    ],
    [
      "NET_ADMIN",
      withContainer({ capabilities: { add: ["NET_ADMIN"] } }),
      "adds capabilities NET_ADMIN",
    ],
    [
      "seccomp unconfined",
      withContainer({ seccompProfile: { type: "Unconfined" } }),
      "seccomp Unconfined",
    ],
    [
      "AppArmor unconfined",
      withContainer({ appArmorProfile: { type: "Unconfined" } }),
      "AppArmor Unconfined",
    ],
    ["SELinux type", withContainer({ seLinuxOptions: { type: "spc_t" } }), "SELinux type spc_t"],
    [
      "SELinux user",
      withContainer({ seLinuxOptions: { user: "system_u" } }),
      "a custom SELinux user or role",
    ],
    ["unmasked /proc", withContainer({ procMount: "Unmasked" }), "procMount Unmasked"],
    [
      "host process",
      withContainer({ windowsOptions: { hostProcess: true } }),
      "a HostProcess container",
    ],
    [
      "unsafe sysctl",
      {
        ...RESTRICTED,
        securityContext: { ...RESTRICTED.securityContext, sysctls: [{ name: "kernel.msgmax" }] },
      },
      "sysctl kernel.msgmax",
    ],
    [
      "hostPath",
      { ...RESTRICTED, volumes: [{ name: "root", hostPath: { path: "/" } }] },
      "volumes[0]: a hostPath volume",
    ],
    ["hostPort", withContainer({}, { ports: [{ hostPort: 25 }] }), "a hostPort"],
    [
      "init container privileged",
      {
        ...RESTRICTED,
        initContainers: [
          { name: "init", securityContext: { ...app.securityContext, privileged: true } },
        ],
      },
      "initContainers[0] (init).securityContext: privileged",
    ],
  ])("baseline refuses %s", (_what, pod, problem) => {
    const baseline = podSecurityViolations(pod, "baseline");
    expect(baseline.some((p) => p.includes(problem))).toBe(true);
    // What baseline refuses, restricted refuses too.
    expect(podSecurityViolations(pod, "restricted").some((p) => p.includes(problem))).toBe(true);
  });

  it.each<[string, PodSpecLike, string]>([
    [
      "an NFS volume",
      { ...RESTRICTED, volumes: [{ name: "nfs", nfs: { server: "x", path: "/" } }] },
      "volumes[0]: a nfs volume",
    ],
    [
      "privilege escalation",
      withContainer({ allowPrivilegeEscalation: true }),
      "allowPrivilegeEscalation is not false",
    ],
    [
      "escalation left unset",
      withContainer({ allowPrivilegeEscalation: undefined }),
      "allowPrivilegeEscalation is not false",
    ],
    ["root by the container", withContainer({ runAsNonRoot: false }), "runAsNonRoot is not true"],
    [
      "root by the pod",
      { ...RESTRICTED, securityContext: { ...RESTRICTED.securityContext, runAsNonRoot: false } },
      "securityContext: runAsNonRoot false",
    ],
    [
      "non-root unset everywhere",
      { ...RESTRICTED, securityContext: { seccompProfile: { type: "RuntimeDefault" } } },
      "runAsNonRoot is not true (here or for the pod)",
    ],
    ["uid 0", withContainer({ runAsUser: 0 }), "runAsUser 0"],
    [
      "seccomp unset everywhere",
      { ...RESTRICTED, securityContext: { runAsNonRoot: true } },
      "seccomp is not RuntimeDefault or Localhost",
    ],
    [
      "capabilities kept",
      withContainer({ capabilities: { drop: ["NET_RAW"] } }),
      "does not drop ALL capabilities",
    ],
    [
      "CHOWN added",
      withContainer({ capabilities: { drop: ["ALL"], add: ["CHOWN"] } }),
      "adds capabilities beyond NET_BIND_SERVICE",
    ],
  ])("restricted refuses %s, which baseline allows", (_what, pod, problem) => {
    expect(podSecurityViolations(pod, "baseline")).toEqual([]);
    expect(podSecurityViolations(pod, "restricted").some((p) => p.includes(problem))).toBe(true);
  });

  it("takes a container's seccomp profile where the pod sets none", () => {
    const pod: PodSpecLike = {
      ...RESTRICTED,
      securityContext: { runAsNonRoot: true },
      containers: [
        {
          ...app,
          securityContext: { ...app.securityContext, seccompProfile: { type: "Localhost" } },
        },
      ],
    };
    expect(podSecurityViolations(pod, "restricted")).toEqual([]);
  });
});
