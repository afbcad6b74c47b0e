/**
 * `wissel:openstack.kubernetes`: what Magnum needs to build a cluster on this cloud. Images, flavors and
 * networks differ per OpenStack installation, so the stack names them. The whole section is optional:
 * a program without a KubernetesCluster plans without it, and a cluster asks for it by name.
 */
import { DEFAULT_KUBERNETES_VERSION, Issues, KUBERNETES_MINORS, configSetCommand, validation } from "@wissel/core";
import { OPENSTACK_KEY } from "./vendor";

/** Container network drivers Magnum offers that enforce Kubernetes NetworkPolicy. */
export const NETWORK_DRIVERS = ["calico", "cilium"] as const;
export type NetworkDriver = (typeof NETWORK_DRIVERS)[number];

/** Control-plane node counts that keep etcd's quorum meaningful (odd). */
export const MASTER_COUNTS = [1, 3, 5] as const;
export type MasterCount = (typeof MASTER_COUNTS)[number];

/** One Nova flavor as the stack describes it (`openstack flavor list`). */
export interface Flavor {
  readonly name: string;
  /** The flavor's Nova id, for services that take an id rather than a name (Trove). */
  readonly id?: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

/** The Glance image and Kubernetes release Magnum uses for one Kubernetes minor. */
export interface KubernetesImage {
  /** Glance image name or id, e.g. `ubuntu-2204-kube-v1.33.1`. */
  readonly image: string;
  /** The exact release for Magnum's `kube_tag` label, e.g. `v1.33.1`. */
  readonly kubeTag: string;
}

/** `wissel:openstack.kubernetes`, validated and defaulted. */
export interface MagnumSettings {
  /** The Neutron network that gives the cluster's router and API load balancer their public address. */
  readonly externalNetworkId: string;
  /** @default "calico" */
  readonly networkDriver: NetworkDriver;
  /** Images by Kubernetes minor (`"1.33"`): the minors this cloud can run. */
  readonly images: Readonly<Record<string, KubernetesImage>>;
  /** The flavors a node may use; the smallest that meets a cluster's request is chosen. */
  readonly flavors: readonly Flavor[];
  /** @default - the smallest flavor in `flavors` with at least 2 vCPU and 4 GiB */
  readonly masterFlavor?: string;
  /** @default 3 */
  readonly masterCount: MasterCount;
  /** Nova keypair for SSH to the nodes. @default - none: no SSH access */
  readonly keypair?: string;
  /** Existing Neutron network and subnet for the nodes. @default - Magnum creates a private network */
  readonly fixedNetwork?: string;
  readonly fixedSubnet?: string;
  /** Whether the template enables k8s-keystone-auth (`keystone_auth_enabled`). @default false */
  readonly keystoneAuth: boolean;
  /** Whether the API load balancer gets a floating IP. @default true */
  readonly publicApi: boolean;
}

/** What a control-plane node needs: kubeadm asks for 2 CPUs, and etcd plus the API server want 4 GiB. */
export const CONTROL_PLANE_MINIMUM = { vcpu: 2, memoryGiB: 4 } as const;

const KEYS = [
  "externalNetworkId",
  "networkDriver",
  "images",
  "flavors",
  "masterFlavor",
  "masterCount",
  "keypair",
  "fixedNetwork",
  "fixedSubnet",
  "keystoneAuth",
  "publicApi",
] as const;

/** The config path of this section. */
export const KUBERNETES_PREFIX = "wissel:openstack.kubernetes";
const PREFIX = `${KUBERNETES_PREFIX}.`;

/** OpenStack names and ids: printable, no spaces at the ends, at most 255 characters. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,254}$/;

/** Whether a value is an OpenStack name or id as the stack may write one (see `NAME`). */
export function isOpenStackName(value: unknown): value is string {
  return typeof value === "string" && NAME.test(value) && value.trim() === value;
}

/** The minor the examples in messages use: the one a cluster without a version gets. */
const MINOR = DEFAULT_KUBERNETES_VERSION;

/** The commands that give a stack the required part of this section, for "missing" messages. */
export const KUBERNETES_SETUP_FIX =
  `Add it to the stack file, or run ${configSetCommand(OPENSTACK_KEY, ["kubernetes", "externalNetworkId"], "<network-id>", { code: true })}, ` +
  `${configSetCommand(OPENSTACK_KEY, ["kubernetes", "images", MINOR, "image"], "<glance-image>", { code: true })}, ` +
  `${configSetCommand(OPENSTACK_KEY, ["kubernetes", "images", MINOR, "kubeTag"], `v${MINOR}.1`, { code: true })} and ` +
  `${configSetCommand(OPENSTACK_KEY, ["kubernetes", "flavors", 0, "name"], "<flavor>", { code: true })} with its vcpu and memoryGiB ` +
  "(`openstack network list --external`, `openstack image list`, `openstack flavor list`).";

/**
 * The smallest flavor with at least the requested vCPUs and memory: fewest vCPUs first, then least
 * memory, then name, so the choice is the same whatever order the table lists them in. Undefined
 * when none is large enough.
 */
export function smallestFlavor<F extends Flavor>(
  flavors: readonly F[],
  request: { readonly vcpu: number; readonly memoryGiB: number },
): F | undefined {
  return flavors
    .filter((f) => f.vcpu >= request.vcpu && f.memoryGiB >= request.memoryGiB)
    .sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB || a.name.localeCompare(b.name))[0];
}

/** Parses `wissel:openstack.kubernetes` into `issues`; undefined when absent or invalid. */
export function parseMagnumSettings(issues: Issues, raw: unknown): MagnumSettings | undefined {
  if (raw === undefined) return undefined;
  if (!validation.isPlainObject(raw)) {
    issues.add(
      KUBERNETES_PREFIX,
      raw,
      "must be an object with externalNetworkId, images and flavors",
      KUBERNETES_SETUP_FIX,
    );
    return undefined;
  }
  const before = issues.count;
  validation.checkKnownKeys(issues, raw, KEYS, PREFIX, KUBERNETES_PREFIX);

  const externalNetworkId = name(issues, "externalNetworkId", raw["externalNetworkId"], true, "<network-id>", "the external network's id (`openstack network list --external`)");
  const networkDriver = parseNetworkDriver(issues, raw["networkDriver"]);
  const images = parseImages(issues, raw["images"]);
  const flavors = parseFlavors(issues, raw["flavors"]);
  const masterFlavor = name(issues, "masterFlavor", raw["masterFlavor"], false, "<flavor>", "a flavor from `openstack flavor list`");
  const masterCount = parseMasterCount(issues, raw["masterCount"]);
  const keypair = name(issues, "keypair", raw["keypair"], false, "<keypair>", "a keypair from `openstack keypair list`, or leave it out");
  const fixedNetwork = name(issues, "fixedNetwork", raw["fixedNetwork"], false, "<network>", "a network from `openstack network list`, or leave it out");
  const fixedSubnet = name(issues, "fixedSubnet", raw["fixedSubnet"], false, "<subnet>", "a subnet from `openstack subnet list`, or leave it out");
  if (fixedSubnet !== undefined && fixedNetwork === undefined) {
    issues.add(`${PREFIX}fixedSubnet`, fixedSubnet, "needs fixedNetwork: Magnum places the subnet's network with it", `Run ${configSetCommand(OPENSTACK_KEY, ["kubernetes", "fixedNetwork"], "<network>", { code: true })} too, or remove fixedSubnet.`);
  }
  const keystoneAuth = validation.optionalBoolean(issues, `${PREFIX}keystoneAuth`, raw["keystoneAuth"], false);
  // Pulumi, in CI, creates the namespaces through the API; a private API needs CI inside the network.
  const publicApi = validation.optionalBoolean(issues, `${PREFIX}publicApi`, raw["publicApi"], true);

  if (masterFlavor === undefined && raw["masterFlavor"] === undefined && flavors !== undefined && smallestFlavor(flavors, CONTROL_PLANE_MINIMUM) === undefined) {
    issues.add(
      `${PREFIX}masterFlavor`,
      undefined,
      `is required when no flavor in ${PREFIX}flavors has at least ${CONTROL_PLANE_MINIMUM.vcpu} vCPU and ${CONTROL_PLANE_MINIMUM.memoryGiB} GiB, which a control-plane node needs`,
      `Run ${configSetCommand(OPENSTACK_KEY, ["kubernetes", "masterFlavor"], "<flavor>", { code: true })}, or list a larger flavor in ${PREFIX}flavors.`,
    );
  }

  if (issues.count > before) return undefined;
  return {
    externalNetworkId: externalNetworkId!,
    networkDriver,
    images: images!,
    flavors: flavors!,
    ...(masterFlavor !== undefined ? { masterFlavor } : {}),
    masterCount,
    ...(keypair !== undefined ? { keypair } : {}),
    ...(fixedNetwork !== undefined ? { fixedNetwork } : {}),
    ...(fixedSubnet !== undefined ? { fixedSubnet } : {}),
    keystoneAuth,
    publicApi,
  };
}

function name(issues: Issues, key: string, value: unknown, required: boolean, example: string, what: string): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value === "string" && NAME.test(value) && value.trim() === value) return value;
  issues.add(
    `${PREFIX}${key}`,
    value,
    value === undefined ? "is required for a Kubernetes cluster on Magnum" : "must be an OpenStack name or id: letters, digits, spaces, '.', '_', ':', '/' and '-', at most 255 characters",
    `Run ${configSetCommand(OPENSTACK_KEY, ["kubernetes", key], example, { code: true })} with ${what}.`,
  );
  return undefined;
}

function parseNetworkDriver(issues: Issues, value: unknown): NetworkDriver {
  const field = `${PREFIX}networkDriver`;
  if (value === "flannel") {
    issues.add(
      field,
      value,
      "must be a driver that enforces NetworkPolicy: flannel does not, so every namespace's default-deny policy would be silently ignored",
      `Run ${configSetCommand(OPENSTACK_KEY, ["kubernetes", "networkDriver"], "calico", { code: true })} (or cilium, where the operator's Magnum driver offers it).`,
    );
    return "calico";
  }
  // Calico is the driver every Magnum driver (Heat, both Cluster API drivers) supports.
  return validation.oneOf(issues, field, value, NETWORK_DRIVERS, "calico");
}

function parseMasterCount(issues: Issues, value: unknown): MasterCount {
  const field = `${PREFIX}masterCount`;
  if (value === undefined) return 3; // etcd keeps quorum when one of three control-plane nodes fails
  if ((MASTER_COUNTS as readonly unknown[]).includes(value)) return value as MasterCount;
  issues.add(field, value, "must be 1, 3 or 5: etcd needs an odd number of members to keep a quorum", `Run ${configSetCommand(OPENSTACK_KEY, ["kubernetes", "masterCount"], "3", { code: true })}, or leave it out (default 3).`);
  return 3;
}

function parseImages(issues: Issues, value: unknown): Record<string, KubernetesImage> | undefined {
  const field = `${PREFIX}images`;
  if (!validation.isPlainObject(value) || Object.keys(value).length === 0) {
    issues.add(
      field,
      value,
      value === undefined
        ? "is required for a Kubernetes cluster on Magnum: it names the image for each Kubernetes minor this cloud runs"
        : `must map each Kubernetes minor to its image and release, e.g. { "${MINOR}": { image: <glance-image>, kubeTag: v${MINOR}.1 } }`,
      `Run ${configSetCommand(OPENSTACK_KEY, ["kubernetes", "images", MINOR, "image"], "<glance-image>", { code: true })} and ${configSetCommand(OPENSTACK_KEY, ["kubernetes", "images", MINOR, "kubeTag"], `v${MINOR}.1`, { code: true })} with an image from \`openstack image list\`.`,
    );
    return undefined;
  }
  const images: Record<string, KubernetesImage> = {};
  for (const [minor, entry] of Object.entries(value)) {
    const path = `${field}[${JSON.stringify(minor)}]`;
    const minorNumber = /^1\.(\d{2})$/.exec(minor)?.[1];
    if (minorNumber === undefined || Number(minorNumber) < KUBERNETES_MINORS.min || Number(minorNumber) > KUBERNETES_MINORS.max) {
      // The key is what is wrong, so the message shows the key, never the entry under it.
      issues.add(
        path,
        minor,
        `must be keyed by a Kubernetes minor from "1.${KUBERNETES_MINORS.min}" to "1.${KUBERNETES_MINORS.max}", without a patch number`,
        `Key the image by its minor, e.g. images: { "${MINOR}": { image: ..., kubeTag: v${MINOR}.1 } }.`,
      );
      continue;
    }
    if (!validation.isPlainObject(entry)) {
      issues.add(path, entry, "must be an object with image and kubeTag", `Write it as { image: <glance-image>, kubeTag: v${minor}.1 }.`);
      continue;
    }
    validation.checkKnownKeys(issues, entry, ["image", "kubeTag"], `${path}.`, path);
    const image = entry["image"];
    if (typeof image !== "string" || !NAME.test(image) || image.trim() !== image) {
      issues.add(`${path}.image`, image, "must be a Glance image name or id", `Set it to the image Magnum boots for Kubernetes ${minor} (\`openstack image list\`).`);
    }
    const kubeTag = entry["kubeTag"];
    if (typeof kubeTag !== "string" || !new RegExp(`^v${minor.replace(".", "\\.")}\\.\\d{1,3}$`).test(kubeTag)) {
      issues.add(
        `${path}.kubeTag`,
        kubeTag,
        `must be a release of Kubernetes ${minor} with a leading v, such as "v${minor}.1" (Magnum's kube_tag label)`,
        `Set it to the release the image carries, e.g. v${minor}.1.`,
      );
    }
    if (typeof image === "string" && typeof kubeTag === "string") images[minor] = { image, kubeTag };
  }
  return images;
}

function parseFlavors(issues: Issues, value: unknown): Flavor[] | undefined {
  const field = `${PREFIX}flavors`;
  return parseFlavorTable(issues, value, {
    field,
    missingRule: "is required for a Kubernetes cluster on Magnum: flavors differ per cloud, so the stack lists those nodes may use",
    fix: `List them in the stack file, or run ${configSetCommand(OPENSTACK_KEY, ["kubernetes", "flavors", 0, "name"], "<flavor>", { code: true })}, ${configSetCommand(OPENSTACK_KEY, ["kubernetes", "flavors", 0, "vcpu"], "4", { code: true })} and ${configSetCommand(OPENSTACK_KEY, ["kubernetes", "flavors", 0, "memoryGiB"], "16", { code: true })} from \`openstack flavor list\`.`,
    withId: false,
  });
}

/** Where a flavor table sits in the stack config, and what its messages say. */
export interface FlavorTableOptions {
  /** The config path of the list, e.g. `wissel:openstack.kubernetes.flavors`. */
  readonly field: string;
  /** The rule when the list is missing: why this cloud's flavors must be listed. */
  readonly missingRule: string;
  /** The fix when the list is missing or empty. */
  readonly fix: string;
  /** Whether each entry must carry the flavor's Nova id (services that take an id, not a name). */
  readonly withId: boolean;
}

/** Parses a list of `{ name, vcpu, memoryGiB }` (and `id` where asked) into `issues`; undefined when missing or empty. */
export function parseFlavorTable(issues: Issues, value: unknown, options: FlavorTableOptions): Flavor[] | undefined {
  const { field } = options;
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(field, value, value === undefined ? options.missingRule : `must be a non-empty list of { name, ${options.withId ? "id, " : ""}vcpu, memoryGiB }`, options.fix);
    return undefined;
  }
  const keys = options.withId ? ["name", "id", "vcpu", "memoryGiB"] : ["name", "vcpu", "memoryGiB"];
  const flavors: Flavor[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, i) => {
    const path = `${field}[${i}]`;
    if (!validation.isPlainObject(entry)) {
      issues.add(path, entry, `must be an object { ${keys.join(", ")} }`, `Copy name, ${options.withId ? "ID, " : ""}VCPUs and RAM (in GiB) from \`openstack flavor list\`.`);
      return;
    }
    validation.checkKnownKeys(issues, entry, keys, `${path}.`, "a flavor");
    const flavorName = entry["name"];
    const id = entry["id"];
    const vcpu = entry["vcpu"];
    const memoryGiB = entry["memoryGiB"];
    let ok = true;
    if (typeof flavorName !== "string" || !NAME.test(flavorName) || flavorName.trim() !== flavorName) {
      issues.add(`${path}.name`, flavorName, "must be the flavor's name as `openstack flavor list` shows it", "Set name to the flavor's name.");
      ok = false;
    } else if (seen.has(flavorName)) {
      issues.add(`${path}.name`, flavorName, "must be unique: the flavor is listed twice", "Remove the second entry.");
      ok = false;
    }
    if (options.withId && (typeof id !== "string" || !NAME.test(id) || id.trim() !== id)) {
      issues.add(
        `${path}.id`,
        id,
        id === undefined ? "is required: this service takes the flavor's Nova id, which often differs from its name" : "must be the flavor's id as `openstack flavor list` shows it",
        "Set id to the flavor's ID column of `openstack flavor list`.",
      );
      ok = false;
    }
    if (typeof vcpu !== "number" || !Number.isInteger(vcpu) || vcpu < 1 || vcpu > 512) {
      issues.add(`${path}.vcpu`, vcpu, "must be a whole number of vCPUs from 1 to 512", "Set vcpu to the flavor's VCPUs.");
      ok = false;
    }
    if (typeof memoryGiB !== "number" || !Number.isFinite(memoryGiB) || memoryGiB <= 0 || memoryGiB > 16384) {
      issues.add(`${path}.memoryGiB`, memoryGiB, "must be the flavor's memory in GiB, above 0 and at most 16384", "Set memoryGiB to the flavor's RAM divided by 1024.");
      ok = false;
    }
    if (ok) {
      seen.add(flavorName as string);
      flavors.push({
        name: flavorName as string,
        ...(options.withId ? { id: id as string } : {}),
        vcpu: vcpu as number,
        memoryGiB: memoryGiB as number,
      });
    }
  });
  return flavors;
}
