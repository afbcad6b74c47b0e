/**
 * What the CloudNativePG builder can no longer be handed: a spec with allowedCidrs (the capability
 * table refuses them, once, and the plan's CloudNativeSpec has none) and pointInTimeRecovery on a
 * target without a backup object store (the plan refuses it, and the builder's types do not admit
 * it). `tsc -p tsconfig.tests.json` checks the `@ts-expect-error` lines: each must stay an error.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  PostgresDatabase,
  isRefusal,
  validatePostgresArgs,
  type BuildContext,
  type PostgresDatabaseArgs,
  type PostgresSpec,
} from "@wissel/core";
import { MockHarness } from "@wissel/testing";
import {
  buildCloudNativePostgres,
  cloudNativeSpec,
  postgres,
  type CloudNativeSpec,
} from "../src/postgres";
import { parseSettings } from "../src/settings";
import {
  POSTGRES,
  POSTGRES_SETTINGS,
  SETTINGS,
  outputs,
  planIssues,
  stackConfig,
} from "./fixtures";

const SUBJECT = 'PostgresDatabase "orders"';

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({
    project: "team-workspace",
    stack: "kubernetes",
    config: stackConfig(POSTGRES_SETTINGS),
    secretKeys: ["kubernetes:kubeconfig"],
    outputs,
  });
});
beforeEach(() => {
  harness.setConfig(stackConfig(POSTGRES_SETTINGS));
  harness.reset();
});

/** The lines of the preview error of a database that must not build; nothing is registered. */
async function refusal(args: PostgresDatabaseArgs): Promise<string[]> {
  let message: string | undefined;
  try {
    new PostgresDatabase("orders", args);
  } catch (error) {
    if (!pulumi.ResourceError.isInstance(error)) throw error;
    message = error.message;
  }
  await harness.settle();
  expect(harness.registrations).toEqual([]);
  if (message === undefined) throw new Error("expected the PostgresDatabase to fail at preview");
  return message.split("\n");
}

const spec = (args: Record<string, unknown>): PostgresSpec =>
  validatePostgresArgs(args, SUBJECT, "orders");

describe("allowedCidrs never reach the builder", () => {
  it("are refused once, by the capability table, with field, value, rule and fix; the plan's own issues come in the same run", async () => {
    const lines = await refusal({ allowedCidrs: ["192.0.2.0/24"], extensions: ["postgis"] });
    expect(lines.filter((line) => line.includes("allowedCidrs"))).toEqual([
      'PostgresDatabase "orders": allowedCidrs is not supported on target "kubernetes": a CloudNativePG cluster is reachable inside the Kubernetes cluster only; Wissel does not expose a database through a LoadBalancer (received ["192.0.2.0/24"]). Remove allowedCidrs, or place this database elsewhere with wissel:targets.orders.',
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^PostgresDatabase "orders": extensions\[0\] is not in CloudNativePG's standard image/,
    );
  });

  it("are refused by cloudNativeSpec too, for a table that would offer them; an accepted spec has none", () => {
    expect(cloudNativeSpec(spec({ allowedCidrs: ["192.0.2.0/24"] }), SUBJECT)).toEqual([
      {
        subject: SUBJECT,
        field: "allowedCidrs",
        value: ["192.0.2.0/24"],
        rule: "cannot be served by CloudNativePG: its database is reachable inside the Kubernetes cluster only, through the cluster's -rw Service",
        fix: "Remove allowedCidrs (the cluster's own pods reach the database without it), or place this database on a target with a managed PostgreSQL with wissel:targets.",
      },
    ]);
    expect(
      planIssues(
        postgres,
        spec({ allowedCidrs: ["192.0.2.0/24"] }),
        SUBJECT,
        parseSettings(POSTGRES_SETTINGS),
      ).map((i) => i.field),
    ).toEqual(["allowedCidrs"]);
    const served = cloudNativeSpec(spec({ extensions: ["pgcrypto"] }), SUBJECT);
    expect(served).toEqual({ ...spec({ extensions: ["pgcrypto"] }), allowedCidrs: [] });
  });
});

describe("pointInTimeRecovery needs a backup object store", () => {
  it("is refused in the plan without one, naming the setting and the command that sets it", () => {
    expect(
      planIssues(postgres, spec({ pointInTimeRecovery: true }), SUBJECT, parseSettings(SETTINGS)),
    ).toEqual([
      {
        subject: SUBJECT,
        field: "wissel:kubernetes.postgres.backupObjectStore",
        value: undefined,
        rule: "is required for a PostgresDatabase: every CloudNativePG cluster backs up to a barman-cloud ObjectStore",
        fix: "Run pulumi config set --path 'wissel:kubernetes.postgres.backupObjectStore.name' pg-backups.",
      },
    ]);
  });

  it("is refused at preview by the table without one, once, before the plan is asked", async () => {
    harness.setConfig(stackConfig(SETTINGS));
    const lines = await refusal({ pointInTimeRecovery: true });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      'PostgresDatabase "orders": wissel:target must name a target that offers databases; kubernetes does not',
    );
    expect(lines[0]).toContain(
      "wissel:kubernetes.postgres.backupObjectStore.name and .retentionDays",
    );
  });

  it("plans a store for every database it accepts, so the build always has one", () => {
    const planned = postgres.plan(spec({ pointInTimeRecovery: true }), {
      name: "orders",
      subject: SUBJECT,
      settings: parseSettings(POSTGRES_SETTINGS),
      project: "p",
      stack: "s",
    });
    if (isRefusal(planned)) throw new Error(planned.map((i) => i.rule).join("; "));
    expect(planned.backupObjectStore).toEqual(POSTGRES.backupObjectStore);
    expect(planned.spec.pointInTimeRecovery).toBe(true);
  });
});

describe("the builder's types admit neither", () => {
  it("takes a CloudNativeSpec only, and pointInTimeRecovery only with a backupObjectStore", () => {
    // Never called: these calls are here for the type checker, which fails on an unused expectation.
    const calls = (ctx: BuildContext<unknown>, cloudNative: CloudNativeSpec): unknown[] => [
      // @ts-expect-error a PostgresSpec may hold allowedCidrs: the plan's cloudNativeSpec makes it a CloudNativeSpec.
      buildCloudNativePostgres(ctx, spec({}), {
        namespace: "apps",
        backupObjectStore: POSTGRES.backupObjectStore,
      }),
      // @ts-expect-error pointInTimeRecovery may be true, and there is no store to recover from.
      buildCloudNativePostgres(ctx, cloudNative, { namespace: "apps" }),
      // @ts-expect-error a target that only may have a store counts as one without.
      buildCloudNativePostgres(ctx, cloudNative, maybeStore(false)),
      // Admitted: a store, or a spec that does not ask for pointInTimeRecovery.
      buildCloudNativePostgres(ctx, cloudNative, {
        namespace: "apps",
        backupObjectStore: POSTGRES.backupObjectStore,
      }),
      buildCloudNativePostgres(
        ctx,
        { ...cloudNative, pointInTimeRecovery: false },
        { namespace: "apps" },
      ),
    ];
    expect(calls).toBeInstanceOf(Function);
  });
});

function maybeStore(withStore: boolean): Parameters<typeof buildCloudNativePostgres>[2] {
  return withStore
    ? { namespace: "apps", backupObjectStore: POSTGRES.backupObjectStore }
    : { namespace: "apps" };
}
