/**
 * Turning whatever a program threw into one clear message, without a stack trace: the component and
 * config errors Wissel and Pulumi raise already say what, where and how to fix it.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { WisselError } from "@wissel/core";
import { SetupError, UsageError } from "./errors";
import type { PlanError } from "./plan";

const UNMOCKED_INVOKE = /unmocked invoke (\S+):(?:\s|$)/;
const INVOKE_PREFIX = "The program calls the provider function ";

/** The message for a provider function (invoke) the plan cannot answer. */
export function invokeMessage(token: string): string {
  return (
    `${INVOKE_PREFIX}${token}, which asks the vendor's API; wissel plan runs offline and answers no invoke. ` +
    `Read the value from stack config instead, or run \`pulumi preview\` with credentials.`
  );
}

/** Where an unexpected error was thrown: the first stack frame outside Node and node_modules. */
export function throwSite(stack: string | undefined, baseDir: string): string | undefined {
  for (const line of (stack ?? "").split("\n").slice(1)) {
    const match = /^at (?:.*\()?((?:\/|[A-Za-z]:\\)[^()]*?):(\d+):(\d+)\)?$/.exec(line.trim());
    if (match === null) continue;
    const [, file = "", row, column] = match;
    if (file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const shown = file.startsWith(baseDir + path.sep) ? path.relative(baseDir, file) : file;
    return `${shown}:${row}:${column}`;
  }
  return undefined;
}

/**
 * Classifies an error and phrases it for the user.
 * @param baseDir the project directory, to show where an unexpected error was thrown
 */
export function describeError(error: unknown, baseDir: string): PlanError {
  if (error instanceof UsageError) return { kind: "usage", message: error.message };
  if (error instanceof SetupError) return { kind: "setup", message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  const invoke = UNMOCKED_INVOKE.exec(message);
  if (invoke?.[1] !== undefined) return { kind: "invoke", message: invokeMessage(invoke[1]) };
  if (message.startsWith(INVOKE_PREFIX)) return { kind: "invoke", message };
  if (pulumi.ResourceError.isInstance(error)) return { kind: "resource", message };
  if (WisselError.isInstance(error)) return { kind: "config", message };
  if (pulumi.RunError.isInstance(error))
    return { kind: /configuration/i.test(message) ? "config" : "program", message };
  const site = error instanceof Error ? throwSite(error.stack, baseDir) : undefined;
  const name = error instanceof Error && error.name !== "Error" ? `${error.name}: ` : "";
  return {
    kind: "program",
    message: `The program failed: ${name}${message}${site !== undefined ? ` (at ${site})` : ""}`,
  };
}

/**
 * One error per issue: a settings or component error lists each issue on its own line, and the
 * failure summary counts issues. Other messages (a YAML code frame) stay whole.
 */
export function splitIssues(error: PlanError): PlanError[] {
  if (error.kind !== "resource" && error.kind !== "config") return [error];
  const lines = error.message.split("\n").filter((line) => line.trim() !== "");
  return lines.length > 1 ? lines.map((message) => ({ kind: error.kind, message })) : [error];
}
