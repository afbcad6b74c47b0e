/**
 * What the orchestrator asks of one child process, and what the child answers. One sample is one
 * fresh Node process, so no module cache, JIT state or heap is shared between samples.
 */
import type { Recorded } from "./runtime";

export const VENDORS = ["scaleway", "azure", "openstack", "kubernetes"] as const;
export type Vendor = (typeof VENDORS)[number];

/**
 * `wissel`: the Wissel program. `hand`: the hand-written program on the vendor SDK, resources straight
 * in the stack. `component`: the same hand-written resources, each bucket's inside a plain
 * ComponentResource (scale only), which tells Pulumi's cost of a component apart from Wissel's own.
 */
export type Side = "wissel" | "hand" | "component";

export type Scenario = "flagship" | "scale";

export interface SampleSpec {
  readonly scenario: Scenario;
  readonly side: Side;
  readonly vendor: Vendor;
  /** Buckets to create (scale only). */
  readonly count: number;
  readonly project: string;
  readonly stack: string;
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  /** The directory the program runs in (the Pulumi project directory). */
  readonly cwd: string;
  /** The compiled flagship program (Wissel side). */
  readonly wisselProgram: string;
  /** Record registrations for the equivalence check (not timed). */
  readonly record: boolean;
}

/** The child's answer, printed as the last line of its stdout after `RESULT_MARKER`. */
export interface SampleResult {
  /** Node start-up until the child's first line ran (ms since the process's time origin). */
  readonly bootMs: number;
  /** Loading @pulumi/pulumi and starting the mock runtime (the same on both sides). */
  readonly runtimeMs: number;
  /** Loading the modules the program needs: Wissel core and adapter, or the SDK submodules. */
  readonly importMs: number;
  /** CPU time (user + system, all threads) of the import phase: less disturbed by other load. */
  readonly importCpuMs: number;
  /** Running the program until every registration has been answered. */
  readonly evalMs: number;
  /** CPU time of the evaluation phase. */
  readonly evalCpuMs: number;
  /** The synchronous part of `evalMs`: the program's own code, constructors included. */
  readonly constructMs: number;
  /** Peak resident set size of the process, in KiB. */
  readonly maxRssKiB: number;
  /** V8 heap in use after the program settled, in KiB. */
  readonly heapUsedKiB: number;
  /** Modules in require.cache once the runtime was up, and at the end. */
  readonly modulesBefore: number;
  readonly modulesAfter: number;
  /** Files the program added to require.cache (import and evaluation). */
  readonly loadedFiles: readonly string[];
  readonly registrations: number;
  readonly recorded: readonly Recorded[];
}

export const RESULT_MARKER = "@@bench-result@@";
