/**
 * The program's stack outputs, resolved as the engine resolves them before the stack completes: a
 * promise or output that rejects (an invoke's result the plan cannot answer, a failing `apply`) fails
 * the plan with its error instead of escaping as an unhandled rejection.
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackOutput } from "./plan";

/** How long to wait for one exported value to settle. */
const OUTPUT_TIMEOUT_MS = 5000;

interface OutputInternals {
  promise(): Promise<unknown>;
}

/** Resolves to undefined when the value settles, to the error when it rejects; false on time-out. */
async function settle(value: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), OUTPUT_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([value.then(() => undefined), timeout]);
  } catch (error) {
    return error ?? new Error("an exported value was rejected without a reason");
  } finally {
    clearTimeout(timer);
  }
}

/** The program's exports: a module's named exports, or what its default export returned. */
export async function programExports(loaded: unknown): Promise<unknown> {
  const module = loaded as { default?: unknown } | undefined;
  const main = typeof loaded === "function" ? loaded : module?.default;
  if (typeof main === "function") return (await (main as () => unknown)()) as unknown;
  if (main instanceof Promise) return (await main) as unknown;
  return loaded;
}

/** Each export with whether it is secret; every rejected value goes to `onError`. */
export async function stackOutputs(
  exported: unknown,
  onError: (error: unknown) => void,
): Promise<StackOutput[]> {
  if (typeof exported !== "object" || exported === null) return [];
  const outputs: StackOutput[] = [];
  for (const [name, value] of Object.entries(exported)) {
    if (name === "default" || name === "__esModule") continue;
    let secret = false;
    if (pulumi.Output.isInstance(value)) {
      const failed = await settle((value as unknown as OutputInternals).promise());
      if (failed !== undefined) onError(failed);
      else await settle(pulumi.isSecret(value).then((isSecret) => void (secret = isSecret)));
    } else if (value instanceof Promise) {
      const failed = await settle(value);
      if (failed !== undefined) onError(failed);
    }
    outputs.push({ name, secret });
  }
  return outputs;
}
