/**
 * The runtime's one error type. Like core's, each problem names where (the block), the field (an
 * environment variable or binding field), the value (never a secret's), the rule and the fix.
 */
export interface ContractProblem {
  /** `Bucket "files"`. */
  readonly subject: string;
  /** `WISSEL_FILES_ENDPOINT`, or `name`. */
  readonly field: string;
  /** What was received, already safe to show; undefined when missing. */
  readonly shown: string | undefined;
  readonly rule: string;
  readonly fix: string;
  /** Replaces the "got …" part, where the problem is not a value (a package that is not installed). */
  readonly received?: string;
}

export class ContractError extends Error {
  readonly problems: readonly ContractProblem[];

  constructor(problems: readonly ContractProblem[]) {
    super(problems.map(describeProblem).join("\n"));
    this.name = "ContractError";
    this.problems = problems;
  }
}

function describeProblem(p: ContractProblem): string {
  const received = p.received ?? (p.shown === undefined ? "it is not set" : `got ${p.shown}`);
  return `${p.subject}: ${p.field} ${p.rule}; ${received}. ${p.fix}`;
}

/** A value for a message: quoted when short and not secret, otherwise only its length. */
export function shown(value: string, secret: boolean): string {
  if (secret) return `a value of ${value.length} characters, not shown`;
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}
