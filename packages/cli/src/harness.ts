/**
 * A harness over the Pulumi SDK's mock runtime. It records every resource registration as the engine
 * would receive it (type, name, parent, inputs, and the options that guard data: protect,
 * retainOnDelete, deleteBeforeReplace, additionalSecretOutputs, aliases) and throws on any invoke
 * nobody mocked, so a test never passes on a silently empty answer.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  READ_STACK_RESOURCE_OUTPUTS,
  loadedAdapters,
  resetClusters,
  resetLastDeployment,
  resetDeclared,
  resetPhysicalNames,
  resetPlan,
  resetSettingsCache,
} from "@wissel/core";

/** One registered (or read) resource. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** URN of the parent, or undefined for the stack's direct children. */
  readonly parent: string | undefined;
  readonly custom: boolean;
  /** True for `Resource.get` reads rather than registrations. */
  readonly read: boolean;
  /** Inputs with secrets unwrapped; `secretInputs` lists which were secret. */
  readonly inputs: Record<string, unknown>;
  /** Top-level input keys whose value was (or contained) a secret. */
  readonly secretInputs: readonly string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly additionalSecretOutputs: readonly string[];
  readonly aliases: readonly unknown[];
  readonly ignoreChanges: readonly string[];
  readonly replaceOnChanges: readonly string[];
  /** URNs the registration waits for: its `dependsOn`, resolved as the SDK sends them. */
  readonly dependencies: readonly string[];
}

/** Fake provider outputs: return the state for a resource, or undefined to echo its inputs. */
export type OutputFaker = (
  args: pulumi.runtime.MockResourceArgs,
) => Record<string, unknown> | undefined;

/** A mocked invoke: receives the inputs, returns the result. */
export type CallFaker = (inputs: Record<string, unknown>) => Record<string, unknown>;

export interface HarnessOptions {
  readonly project?: string;
  readonly stack?: string;
  /** Stack config as it appears in a stack file: `{ "wissel:target": "scaleway", "wissel:scaleway": {...} }`. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Config keys whose values are secret. */
  readonly secretKeys?: readonly string[];
  /** Run as a preview (`pulumi preview`) rather than an update. @default true */
  readonly preview?: boolean;
  readonly outputs?: OutputFaker;
  /**
   * A deployed resource's id and outputs, for a plan against a stack's state: the mock answers with
   * them, as the engine answers a preview with the deployed state. Undefined for a new resource.
   */
  readonly deployed?: (
    args: pulumi.runtime.MockResourceArgs,
  ) => { readonly id: string; readonly state: Record<string, unknown> } | undefined;
  readonly calls?: Readonly<Record<string, CallFaker>>;
  /**
   * The stack's last deployment as the engine's `pulumi:pulumi:readStackResourceOutputs` gives it
   * (URN → `{ type, outputs }`), which Wissel's vendor-switch check reads. Empty by default: a
   * first deployment.
   */
  readonly lastDeployment?: Readonly<
    Record<string, { readonly type: string; readonly outputs: Readonly<Record<string, unknown>> }>
  >;
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function isWrappedSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** Removes secret wrappers; reports whether any was found. */
export function unwrapSecrets(value: unknown): [unknown, boolean] {
  // A value unknown at preview stays the SDK's marker, so the policy rules see it as unknown.
  if (pulumi.isUnknown(value)) return [value, false];
  if (isWrappedSecret(value)) return [unwrapSecrets(value.value)[0], true];
  if (Array.isArray(value)) {
    let found = false;
    const items = value.map((item) => {
      const [plain, secret] = unwrapSecrets(item);
      found ||= secret;
      return plain;
    });
    return [items, found];
  }
  if (typeof value === "object" && value !== null && !(SIG_KEY in value)) {
    let found = false;
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const [plain, secret] = unwrapSecrets(item);
      found ||= secret;
      result[key] = plain;
    }
    return [result, found];
  }
  return [value, false];
}

function plainInputs(inputs: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  secretInputs: string[];
} {
  const plain: Record<string, unknown> = {};
  const secretInputs: string[] = [];
  for (const [key, value] of Object.entries(inputs)) {
    const [unwrapped, secret] = unwrapSecrets(value);
    plain[key] = unwrapped;
    if (secret) secretInputs.push(key);
  }
  return { inputs: plain, secretInputs };
}

/** Minimal view of the protobuf request the SDK sends to the monitor. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getAdditionalsecretoutputsList(): string[];
  getAliasesList(): { toObject(): unknown }[];
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
  getDependenciesList(): string[];
}
interface ReadRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getId(): string;
}
type Callback = (error: unknown, response: { getUrn(): string } | undefined) => void;
interface MonitorLike {
  registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
  readResource(req: ReadRequest, callback: Callback): Promise<void>;
}

/** The offline answer a loaded adapter declares for an invoke, if any. */
function offlineInvoke(token: string): CallFaker | undefined {
  for (const adapter of loadedAdapters()) {
    const answer = adapter.offlineInvokes?.[token];
    if (answer !== undefined) return answer;
  }
  return undefined;
}

const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** The mock runtime with a recorder attached. One per test file (the SDK's state is per process). */
export class MockHarness {
  readonly registrations: Registration[] = [];
  private readonly options: HarnessOptions;
  private lastDeployment: NonNullable<HarnessOptions["lastDeployment"]> = {};
  private readonly decode = require("@pulumi/pulumi/runtime/rpc") as {
    deserializeProperties(struct: unknown, keepUnknowns?: boolean): Record<string, unknown>;
  };

  private constructor(options: HarnessOptions) {
    this.options = options;
  }

  /** Starts the mock runtime with the given stack config. */
  static async start(options: HarnessOptions = {}): Promise<MockHarness> {
    const harness = new MockHarness(options);
    await harness.install();
    return harness;
  }

  private async install(): Promise<void> {
    const { project = "wissel-test", stack = "test", preview = true } = this.options;
    const { outputs, deployed } = this.options;
    this.lastDeployment = this.options.lastDeployment ?? {};
    const calls: Readonly<Record<string, CallFaker>> = {
      [READ_STACK_RESOURCE_OUTPUTS]: (inputs) => ({
        name: inputs["stackName"],
        outputs: this.lastDeployment,
      }),
      ...this.options.calls,
    };
    resetLastDeployment();
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          const state = outputs?.(args) ?? {};
          const previous = deployed?.(args);
          return {
            id: args.id || previous?.id || `${args.name}-id`,
            state: { ...args.inputs, ...previous?.state, ...state },
          };
        },
        call: (args) => {
          const fake = calls[args.token] ?? offlineInvoke(args.token);
          if (fake === undefined) {
            const message = `unmocked invoke ${args.token}: give the harness a fake for it in options.calls`;
            // The SDK rebuilds an invoke's error from `details`; without it the message is lost.
            throw Object.assign(new Error(message), { details: message });
          }
          return fake(args.inputs as Record<string, unknown>);
        },
      },
      project,
      stack,
      preview,
    );
    this.setConfig(this.options.config ?? {});
    this.wrapMonitor();
  }

  /** Replaces the stack config (and forgets adapter settings parsed from the previous one). */
  setConfig(config: Readonly<Record<string, unknown>>): void {
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
      flat[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(flat, [...(this.options.secretKeys ?? [])]);
    resetSettingsCache();
  }

  private wrapMonitor(): void {
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const register = monitor.registerResource.bind(monitor);
    const read = monitor.readResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
      register(req, (error, response) => {
        if (response !== undefined) this.recordRegister(req, response.getUrn());
        callback(error, response);
      });
    monitor.readResource = (req, callback) =>
      read(req, (error, response) => {
        if (response !== undefined) this.recordRead(req, response.getUrn());
        callback(error, response);
      });
  }

  /** What a registration and a read share: identity, parent and plain inputs with their secrets. */
  private identity(req: ReadRequest | RegisterRequest, urn: string, properties: unknown) {
    return {
      type: req.getType(),
      name: req.getName(),
      urn,
      parent: req.getParent() || undefined,
      ...plainInputs(this.decode.deserializeProperties(properties, true)),
    };
  }

  private recordRegister(req: RegisterRequest, urn: string): void {
    this.registrations.push({
      ...this.identity(req, urn, (req as unknown as { getObject(): unknown }).getObject()),
      custom: req.getCustom(),
      read: false,
      protect: req.getProtect() === true,
      retainOnDelete: req.getRetainondelete() === true,
      deleteBeforeReplace: req.getDeletebeforereplace(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      aliases: req.getAliasesList().map((alias) => alias.toObject()),
      ignoreChanges: req.getIgnorechangesList(),
      replaceOnChanges: req.getReplaceonchangesList(),
      dependencies: req.getDependenciesList(),
    });
  }

  /** A `Resource.get` read: no options reach the engine, so none are recorded. */
  private recordRead(req: ReadRequest, urn: string): void {
    const read = this.identity(
      req,
      urn,
      (req as unknown as { getProperties(): unknown }).getProperties(),
    );
    this.registrations.push({
      ...read,
      inputs: { ...read.inputs, id: req.getId() },
      custom: true,
      read: true,
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
      additionalSecretOutputs: [],
      aliases: [],
      ignoreChanges: [],
      replaceOnChanges: [],
      dependencies: [],
    });
  }

  /** Waits until every registration the program started has reached the mock monitor. */
  async settle(): Promise<void> {
    await settings.waitForRPCs();
  }

  /**
   * Sets the stack's last deployment that the next program's vendor-switch check reads (see
   * `HarnessOptions.lastDeployment`); `reset()` keeps it.
   */
  setLastDeployment(deployment: NonNullable<HarnessOptions["lastDeployment"]>): void {
    this.lastDeployment = deployment;
    resetLastDeployment();
  }

  /** Forgets recorded registrations, planned components and claimed physical names (between test cases). */
  reset(): void {
    this.registrations.length = 0;
    resetLastDeployment();
    resetPlan();
    resetClusters();
    resetDeclared();
    resetPhysicalNames();
  }

  /** Runs a program, waits for it to settle and returns what it registered. */
  async run<T>(
    program: () => T | Promise<T>,
  ): Promise<{ result: T; registrations: Registration[] }> {
    const start = this.registrations.length;
    let result: T;
    try {
      result = await program();
    } catch (error) {
      // What the program registered before it threw still resolves; let it, so none of it runs
      // into the next program (or after the test file ends), then report the program's error.
      await this.settle().catch(() => undefined);
      throw error;
    }
    await this.settle();
    return { result, registrations: this.registrations.slice(start) };
  }

  /** Registrations of one type. */
  ofType(type: string): Registration[] {
    return this.registrations.filter((r) => r.type === type);
  }

  /** The one registration with this type and name; throws when there is none or several. */
  one(type: string, name: string): Registration {
    const found = this.registrations.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
      const seen = this.registrations.map((r) => `${r.type} ${r.name}`).join("\n  ");
      throw new Error(
        `expected one ${type} named ${name}, found ${found.length}; registered:\n  ${seen}`,
      );
    }
    return found[0]!;
  }

  /** The direct children of a resource, by URN. */
  childrenOf(urn: string): Registration[] {
    return this.registrations.filter((r) => r.parent === urn);
  }

  /** Every registration below a resource, at any depth. */
  descendantsOf(urn: string): Registration[] {
    const direct = this.childrenOf(urn);
    return direct.flatMap((child) => [child, ...this.descendantsOf(child.urn)]);
  }
}

/** The value of an output (tests only: it waits on the SDK's internal promise). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** Whether an output is secret. */
export function isSecret<T>(output: pulumi.Output<T>): Promise<boolean> {
  return pulumi.isSecret(output);
}
