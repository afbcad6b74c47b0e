/**
 * The mock runtime both sides of every comparison run under: Pulumi's own `setMocks`, with the stack
 * config set the way the engine hands it to a program. Deliberately free of any Wissel package, so a
 * hand-written program's process loads nothing of Wissel. It mirrors what `@wissel/testing`'s
 * MockHarness does (echo inputs as state; record registrations with the options that guard data), and
 * records only when asked: timed samples register through the bare mocks.
 */
import * as pulumi from "@pulumi/pulumi";

/** One registration or read, as the engine would receive it. */
export interface Recorded {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly read: boolean;
  /** Inputs with secrets unwrapped. */
  readonly inputs: Record<string, unknown>;
  /** Top-level input keys whose value was (or held) a secret. */
  readonly secretInputs: readonly string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly additionalSecretOutputs: readonly string[];
  readonly replaceOnChanges: readonly string[];
  /** The explicit provider, as `type::name` (its URN without the parent chain), or "" for the default. */
  readonly provider: string;
  readonly hasParent: boolean;
}

export interface RuntimeOptions {
  readonly project: string;
  readonly stack: string;
  /** `namespace:key` to value, as the engine passes config. */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  /** Record every registration (verification runs); timed runs leave it off. */
  readonly record: boolean;
}

/** What the bench needs of the SDK's protobuf requests. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): unknown;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getAdditionalsecretoutputsList(): string[];
  getReplaceonchangesList(): string[];
  getProvider(): string;
}
interface ReadRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getId(): string;
  getProperties(): unknown;
  getProvider(): string;
}
type Callback = (error: unknown, response: unknown) => void;
interface MonitorLike {
  registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
  readResource(req: ReadRequest, callback: Callback): Promise<void>;
}

/** `type::name` of a provider reference (`<urn>::<id>`), so a provider parented to a component matches one that is not. */
export function providerName(reference: string): string {
  if (reference === "") return "";
  const parts = reference.split("::");
  // urn:pulumi:<stack>::<project>::<parent types$type>::<name>::<id>
  const name = parts[parts.length - 2] ?? "";
  const type = (parts[parts.length - 3] ?? "").split("$").pop() ?? "";
  return `${type}::${name}`;
}

function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/**
 * Offline answers for the provider functions the programs call, the same on both sides, as `wissel
 * plan` answers them: the stack's last deployment (none), AKS's admin credentials, an AKS-shaped kubeconfig (base64, as Azure sends it)
 * with placeholder certificates and an `.invalid` server.
 */
const OFFLINE_INVOKES: Readonly<
  Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>
> = {
  // The stack's last deployment, which Wissel's vendor-switch check reads: a first deployment.
  "pulumi:pulumi:readStackResourceOutputs": (inputs) => ({
    name: inputs["stackName"],
    outputs: {},
  }),
  "azure-native:containerservice:listManagedClusterAdminCredentials": (inputs) => {
    const cluster = typeof inputs["resourceName"] === "string" ? inputs["resourceName"] : "cluster";
    const pem = (kind: string, what: string): string =>
      `-----BEGIN ${kind}-----\n${base64(`bench, offline: ${what}`)}\n-----END ${kind}-----\n`;
    const kubeconfig = [
      "apiVersion: v1",
      "clusters:",
      "- cluster:",
      `    certificate-authority-data: ${base64(pem("CERTIFICATE", `CA of ${cluster}`))}`,
      `    server: https://${cluster}.hcp.offline.invalid:443`,
      `  name: ${cluster}`,
      "contexts:",
      "- context:",
      `    cluster: ${cluster}`,
      "    user: clusterAdmin",
      `  name: ${cluster}-admin`,
      `current-context: ${cluster}-admin`,
      "kind: Config",
      "users:",
      "- name: clusterAdmin",
      "  user:",
      `    client-certificate-data: ${base64(pem("CERTIFICATE", `admin certificate of ${cluster}`))}`,
      `    client-key-data: ${base64(pem("RSA PRIVATE KEY", `admin key of ${cluster}`))}`,
      "",
    ].join("\n");
    return { kubeconfigs: [{ name: "clusterAdmin", value: base64(kubeconfig) }] };
  },
};

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function unwrap(value: unknown): [unknown, boolean] {
  if (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  ) {
    return [unwrap((value as { value: unknown }).value)[0], true];
  }
  if (Array.isArray(value)) {
    let secret = false;
    const items = value.map((item: unknown) => {
      const [plain, s] = unwrap(item);
      secret ||= s;
      return plain;
    });
    return [items, secret];
  }
  if (typeof value === "object" && value !== null && !(SIG_KEY in value)) {
    let secret = false;
    const plain: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const [p, s] = unwrap(item);
      secret ||= s;
      plain[key] = p;
    }
    return [plain, secret];
  }
  return [value, false];
}

/** The mock runtime, started. */
export class Runtime {
  readonly recorded: Recorded[] = [];
  /** Registrations and reads answered, recorded or not. */
  registrations = 0;
  /**
   * Invokes no offline answer exists for. The SDK turns a failed invoke into a rejected output that
   * nothing may await, so the resources depending on it would silently never register: the child
   * fails the sample instead.
   */
  readonly unanswered: string[] = [];

  private constructor() {}

  static async start(options: RuntimeOptions): Promise<Runtime> {
    const runtime = new Runtime();
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          runtime.registrations += 1;
          return {
            id: args.id || `${args.name}-id`,
            state: args.inputs as Record<string, unknown>,
          };
        },
        call: (args) => {
          const answer = OFFLINE_INVOKES[args.token];
          if (answer !== undefined) return answer(args.inputs as Record<string, unknown>);
          runtime.unanswered.push(args.token);
          const message = `unmocked invoke ${args.token}`;
          // The SDK rebuilds an invoke's error from `details`; without it the message is lost.
          throw Object.assign(new Error(message), { details: message });
        },
      },
      options.project,
      options.stack,
      // A preview, as `wissel plan` runs: outputs the provider computes stay unknown.
      true,
    );
    pulumi.runtime.setAllConfig({ ...options.config }, [...options.secretKeys]);
    if (options.record) runtime.wrapMonitor();
    return runtime;
  }

  /** Waits until every registration the program started has been answered. */
  async settle(): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    await settings.waitForRPCs();
  }

  private wrapMonitor(): void {
    const rpc = require("@pulumi/pulumi/runtime/rpc") as {
      deserializeProperties(struct: unknown, keepUnknowns?: boolean): Record<string, unknown>;
    };
    const plain = (
      struct: unknown,
    ): { inputs: Record<string, unknown>; secretInputs: string[] } => {
      const inputs: Record<string, unknown> = {};
      const secretInputs: string[] = [];
      for (const [key, value] of Object.entries(rpc.deserializeProperties(struct, true))) {
        const [p, secret] = unwrap(value);
        inputs[key] = p;
        if (secret) secretInputs.push(key);
      }
      return { inputs, secretInputs };
    };
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const register = monitor.registerResource.bind(monitor);
    const read = monitor.readResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
      register(req, (error, response) => {
        if (response !== undefined) {
          this.recorded.push({
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            read: false,
            ...plain(req.getObject()),
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
            deleteBeforeReplace: req.getDeletebeforereplace(),
            additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()].sort(),
            replaceOnChanges: [...req.getReplaceonchangesList()].sort(),
            provider: providerName(req.getProvider()),
            hasParent: req.getParent() !== "",
          });
        }
        callback(error, response);
      });
    monitor.readResource = (req, callback) =>
      read(req, (error, response) => {
        if (response !== undefined) {
          const { inputs, secretInputs } = plain(req.getProperties());
          this.recorded.push({
            type: req.getType(),
            name: req.getName(),
            custom: true,
            read: true,
            inputs: { ...inputs, id: req.getId() },
            secretInputs,
            protect: false,
            retainOnDelete: false,
            deleteBeforeReplace: false,
            additionalSecretOutputs: [],
            replaceOnChanges: [],
            provider: providerName(req.getProvider()),
            hasParent: req.getParent() !== "",
          });
        }
        callback(error, response);
      });
  }
}
