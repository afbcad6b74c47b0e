/**
 * `wissel:openstack.kubernetes`: what Magnum needs to build a cluster on this cloud. Images, flavors and
 * networks differ per OpenStack installation, so the stack names them. The whole section is optional:
 * a program without a KubernetesCluster plans without it, and a cluster asks for it by name.
 */
import {
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_MINORS,
  setting,
  settingFragments,
  v,
  validation,
} from "@wissel/core";
import { NODE_FLAVOR, flavorTable, smallestFlavor } from "./flavors";
import { code, isOpenStackName, openStackName, setCommand } from "./openstack-names";

/** Container network drivers Magnum offers that enforce Kubernetes NetworkPolicy. */
export const NETWORK_DRIVERS = ["calico", "cilium"] as const;
export type NetworkDriver = (typeof NETWORK_DRIVERS)[number];

/** Control-plane node counts that keep etcd's quorum meaningful (odd). */
export const MASTER_COUNTS = [1, 3, 5] as const;
export type MasterCount = (typeof MASTER_COUNTS)[number];

/** What a control-plane node needs: kubeadm asks for 2 CPUs, and etcd plus the API server want 4 GiB. */
export const CONTROL_PLANE_MINIMUM = { vcpu: 2, memoryGiB: 4 } as const;

/** The config path of this section. */
export const KUBERNETES_PREFIX = "wissel:openstack.kubernetes";

/** The minor the examples in messages use: the one a cluster without a version gets. */
const MINOR = DEFAULT_KUBERNETES_VERSION;

/** The commands that give a stack the required part of this section, for "missing" messages. */
export const KUBERNETES_SETUP_FIX =
  `Add it to the stack file, or run ${setCommand(["kubernetes", "externalNetworkId"], "<network-id>")}, ` +
  `${setCommand(["kubernetes", "images", MINOR, "image"], "<glance-image>")}, ` +
  `${setCommand(["kubernetes", "images", MINOR, "kubeTag"], `v${MINOR}.1`)} and ` +
  `${setCommand(["kubernetes", "flavors", 0, "name"], "<flavor>")} with its vcpu and memoryGiB ` +
  "(`openstack network list --external`, `openstack image list`, `openstack flavor list`).";

const MINOR_RULE = `must be keyed by a Kubernetes minor from "1.${KUBERNETES_MINORS.min}" to "1.${KUBERNETES_MINORS.max}", without a patch number`;

function isMinor(key: string): boolean {
  const minor = /^1\.(\d{2})$/.exec(key)?.[1];
  return (
    minor !== undefined &&
    Number(minor) >= KUBERNETES_MINORS.min &&
    Number(minor) <= KUBERNETES_MINORS.max
  );
}

/** The Glance image and Kubernetes release Magnum uses for one Kubernetes minor. */
const IMAGE = setting(
  v.strictObject(
    {
      /** Glance image name or id, e.g. `ubuntu-2204-kube-v1.33.1`. */
      image: openStackName(
        "the Glance image Magnum boots",
        "<glance-image>",
        "an image from `openstack image list`",
        "must be a Glance image name or id",
      ),
      /** The exact release for Magnum's `kube_tag` label, e.g. `v1.33.1`. */
      kubeTag: setting(
        v.string("must be a release with a leading v, such as v1.33.1 (Magnum's kube_tag label)"),
        {
          what: "the Kubernetes release the image carries (Magnum's kube_tag label)",
          fix: ({ field }) =>
            `Set it to the release the image carries, e.g. v${/\["([^"]+)"\]\.kubeTag$/.exec(field)?.[1] ?? MINOR}.1.`,
        },
      ),
    },
    "must be an object with image and kubeTag",
  ),
  {
    fix: `Key each image by its Kubernetes minor and write it as { image: <glance-image>, kubeTag: <release> }, e.g. images: { "${MINOR}": { image: ..., kubeTag: v${MINOR}.1 } }.`,
  },
);

const IMAGES_RULE = `must map each Kubernetes minor to its image and release, e.g. { "${MINOR}": { image: <glance-image>, kubeTag: v${MINOR}.1 } }`;

/** Images by Kubernetes minor: each key a minor Wissel offers, each kube_tag a release of it. */
const IMAGES = setting(
  v.pipe(
    // A bad key is reported before its entry, and as the key: the entry under it is never shown.
    v.record(v.pipe(v.string(), v.check(isMinor, MINOR_RULE)), IMAGE, IMAGES_RULE),
    v.check((images) => Object.keys(images).length > 0, IMAGES_RULE),
    v.rawCheck(({ dataset, addIssue }) => {
      const images = dataset.value;
      if (!validation.isPlainObject(images)) return;
      for (const [minor, entry] of Object.entries(images)) {
        if (!isMinor(minor) || !validation.isPlainObject(entry)) continue;
        const kubeTag = entry["kubeTag"];
        if (
          typeof kubeTag !== "string" ||
          new RegExp(`^v${minor.replace(".", "\\.")}\\.\\d{1,3}$`).test(kubeTag)
        )
          continue;
        addIssue({
          message: `must be a release of Kubernetes ${minor} with a leading v, such as "v${minor}.1" (Magnum's kube_tag label)`,
          input: kubeTag,
          path: [
            { type: "object", origin: "value", input: images, key: minor, value: entry },
            { type: "object", origin: "value", input: entry, key: "kubeTag", value: kubeTag },
          ],
        });
      }
    }),
  ),
  {
    what: "the Glance image for each Kubernetes minor this cloud runs, which a Kubernetes cluster on Magnum boots",
    fix: `Run ${setCommand(["kubernetes", "images", MINOR, "image"], "<glance-image>")} and ${setCommand(["kubernetes", "images", MINOR, "kubeTag"], `v${MINOR}.1`)} with an image from \`openstack image list\`.`,
  },
);

const DRIVER_RULE = `must be one of ${NETWORK_DRIVERS.map((d) => `"${d}"`).join(", ")}`;
const FLANNEL_RULE =
  "must be a driver that enforces NetworkPolicy: flannel does not, so every namespace's default-deny policy would be silently ignored";
const SUBNET_RULE = "needs fixedNetwork: Magnum places the subnet's network with it";
export const MASTER_FLAVOR_RULE = `is required when no flavor in ${KUBERNETES_PREFIX}.flavors has at least ${CONTROL_PLANE_MINIMUM.vcpu} vCPU and ${CONTROL_PLANE_MINIMUM.memoryGiB} GiB, which a control-plane node needs`;

/** `wissel:openstack.kubernetes`. */
export const MAGNUM = setting(
  v.pipe(
    v.strictObject(
      {
        /** The Neutron network that gives the cluster's router and API load balancer their public address. */
        externalNetworkId: openStackName(
          "the external network that gives a Kubernetes cluster on Magnum its public address",
          "<network-id>",
          "the external network's id (`openstack network list --external`)",
        ),
        /** @default "calico" */
        networkDriver: v.optional(
          setting(
            v.pipe(
              v.string(DRIVER_RULE),
              v.check((d) => d !== "flannel", FLANNEL_RULE),
              v.picklist(NETWORK_DRIVERS, DRIVER_RULE),
            ),
            {
              fix: ({ input, field }) => {
                if (input === "flannel")
                  return `Run ${setCommand(["kubernetes", "networkDriver"], "calico")} (or cilium, where the operator's Magnum driver offers it).`;
                const guess =
                  typeof input === "string"
                    ? validation.closest(input, NETWORK_DRIVERS)
                    : undefined;
                return guess !== undefined
                  ? `Did you mean "${guess}"?`
                  : `Set ${field} to one of them, or leave it out (default "calico").`;
              },
            },
          ),
          // Calico is the driver every Magnum driver (Heat, both Cluster API drivers) supports.
          "calico",
        ),
        /** Images by Kubernetes minor (`"1.33"`): the minors this cloud can run. */
        images: IMAGES,
        /** The flavors a node may use; the smallest that meets a cluster's request is chosen. */
        flavors: flavorTable(
          NODE_FLAVOR,
          "the flavors a node may use: flavors differ per cloud, so the stack lists them",
          `List them in the stack file, or run ${setCommand(["kubernetes", "flavors", 0, "name"], "<flavor>")}, ${setCommand(["kubernetes", "flavors", 0, "vcpu"], "4")} and ${setCommand(["kubernetes", "flavors", 0, "memoryGiB"], "16")} from \`openstack flavor list\`.`,
        ),
        /** @default - the smallest flavor in `flavors` with at least 2 vCPU and 4 GiB */
        masterFlavor: v.optional(
          setting(
            openStackName(
              "the control-plane flavor",
              "<flavor>",
              "a flavor from `openstack flavor list`",
            ),
            {
              fix: ({ input, command }) =>
                input === undefined
                  ? `Run ${code(command())}, or list a larger flavor in ${KUBERNETES_PREFIX}.flavors.`
                  : `Run ${code(command())} with a flavor from \`openstack flavor list\`.`,
            },
          ),
        ),
        /** @default 3: etcd keeps quorum when one of three control-plane nodes fails */
        masterCount: v.optional(
          setting(
            v.picklist(
              MASTER_COUNTS,
              "must be 1, 3 or 5: etcd needs an odd number of members to keep a quorum",
            ),
            {
              fix: `Run ${setCommand(["kubernetes", "masterCount"], "3")}, or leave it out (default 3).`,
            },
          ),
          3,
        ),
        /** Nova keypair for SSH to the nodes. @default - none: no SSH access */
        keypair: v.optional(
          openStackName(
            "the Nova keypair",
            "<keypair>",
            "a keypair from `openstack keypair list`, or leave it out",
          ),
        ),
        /** Existing Neutron network for the nodes. @default - Magnum creates a private network */
        fixedNetwork: v.optional(
          openStackName(
            "the nodes' network",
            "<network>",
            "a network from `openstack network list`, or leave it out",
          ),
        ),
        /** Existing Neutron subnet of `fixedNetwork` for the nodes. */
        fixedSubnet: v.optional(
          setting(
            openStackName(
              "the nodes' subnet",
              "<subnet>",
              "a subnet from `openstack subnet list`, or leave it out",
            ),
            {
              // A well-formed subnet fails only for lacking its network.
              fix: ({ input, command }) =>
                isOpenStackName(input)
                  ? `Run ${setCommand(["kubernetes", "fixedNetwork"], "<network>")} too, or remove fixedSubnet.`
                  : `Run ${code(command())} with a subnet from \`openstack subnet list\`, or leave it out.`,
            },
          ),
        ),
        /** Whether the template enables k8s-keystone-auth (`keystone_auth_enabled`). @default false */
        keystoneAuth: settingFragments.flag(false),
        /**
         * Whether the API load balancer gets a floating IP. @default true: Pulumi, in CI, creates the
         * namespaces through the API; a private API needs CI inside the network.
         */
        publicApi: settingFragments.flag(true),
      },
      "must be an object with externalNetworkId, images and flavors",
    ),
    v.forward(
      v.partialCheck(
        [["fixedNetwork"], ["fixedSubnet"]],
        (k) => k.fixedSubnet === undefined || k.fixedNetwork !== undefined,
        SUBNET_RULE,
      ),
      ["fixedSubnet"],
    ),
    v.forward(
      v.partialCheck(
        [["flavors"], ["masterFlavor"]],
        (k) =>
          k.masterFlavor !== undefined ||
          smallestFlavor(k.flavors, CONTROL_PLANE_MINIMUM) !== undefined,
        MASTER_FLAVOR_RULE,
      ),
      ["masterFlavor"],
    ),
  ),
  { fix: KUBERNETES_SETUP_FIX },
);

/** `wissel:openstack.kubernetes`, validated and defaulted. */
export type MagnumSettings = v.InferOutput<typeof MAGNUM>;
/** The Glance image and Kubernetes release Magnum uses for one Kubernetes minor. */
export type KubernetesImage = v.InferOutput<typeof IMAGE>;
