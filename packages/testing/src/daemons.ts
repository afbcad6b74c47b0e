/** Small helpers for the test servers that run as child processes: commands, wrappers, ports. */
import { connect } from "node:net";
import { runCommand } from "./postgres-server";

/**
 * `argv` run under a wrapper such as `sudo -n` or `setpriv …`, or as it is when the wrapper is
 * empty, split into the command and its arguments.
 */
export function wrapped(wrapper: readonly string[], argv: readonly string[]): [string, string[]] {
  const [command, ...args] = [...wrapper, ...argv];
  if (command === undefined) throw new Error("wrapped: no command to run");
  return [command, args];
}

/** A command's trimmed standard output; throws with its output when it fails. */
export async function output(command: string, args: readonly string[]): Promise<string> {
  const result = await runCommand(command, args);
  if (result.code !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.code}):\n${result.stderr}${result.stdout}`,
    );
  return result.stdout.trim();
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(
  port: number,
  deadline: number,
  failed: () => string | undefined,
): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    const failure = failed();
    if (failure !== undefined) throw new Error(failure);
    if (Date.now() > deadline)
      throw new Error(`Nothing listens on 127.0.0.1:${port} after the start-up timeout.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
