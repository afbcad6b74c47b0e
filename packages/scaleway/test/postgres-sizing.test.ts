/** Pure parts of the Scaleway PostgresDatabase: node types, volumes, passwords, URIs and Scaleway's limits. */
import type * as pulumi from "@pulumi/pulumi";
import {
  validatePostgresArgs,
  type PostgresBuildSpec,
  type PostgresDatabaseArgsData,
} from "@wissel/core";
import { DEFAULT_QUOTA } from "@wissel/core";
import {
  DATABASE_NODE_TYPES,
  PASSWORD_LENGTH,
  databaseNodeTypeFor,
  generatePassword,
  meetsScalewayPasswordRules,
  validateScalewayPostgres,
  volumeSizeGb,
} from "../src/postgres";

describe("databaseNodeTypeFor", () => {
  it.each([
    [1, 1, "DB-PLAY2-PICO"],
    [1, 2, "DB-PLAY2-PICO"],
    [1, 3, "DB-PLAY2-NANO"],
    [2, 4, "DB-PLAY2-NANO"],
    [2, 5, "DB-PRO2-XXS"],
    [2, 8, "DB-PRO2-XXS"],
    [3, 4, "DB-PRO2-XS"],
    [4, 16, "DB-PRO2-XS"],
    [4, 17, "DB-PRO2-S"],
    [8, 32, "DB-PRO2-S"],
    [16, 64, "DB-PRO2-M"],
    [32, 128, "DB-PRO2-L"],
    [33, 8, "DB-POP2-64C-256G"],
    [16, 200, "DB-POP2-64C-256G"],
    [64, 256, "DB-POP2-64C-256G"],
  ])("%i vCPU / %i GiB -> %s", (vcpu, memoryGiB, expected) => {
    expect(databaseNodeTypeFor({ vcpu, memoryGiB })?.name).toBe(expected);
  });

  it.each([
    [65, 1],
    [1, 257],
    [64, 512],
  ])("%i vCPU / %i GiB fits no node type", (vcpu, memoryGiB) => {
    expect(databaseNodeTypeFor({ vcpu, memoryGiB })).toBeUndefined();
  });

  it("names every type after its size the way Scaleway does", () => {
    for (const t of DATABASE_NODE_TYPES.filter((t) => t.family === "POP2"))
      expect(t.name).toBe(`DB-POP2-${t.vcpu}C-${t.memoryGiB}G`);
    expect(new Set(DATABASE_NODE_TYPES.map((t) => t.name)).size).toBe(DATABASE_NODE_TYPES.length);
  });
});

describe("volumeSizeGb", () => {
  it.each([
    [10, 15],
    [32, 35],
    [100, 110],
    [465, 500],
    [466, 505],
    [9313, 10_000],
  ])("%i GiB -> %i GB, never fewer bytes, in 5 GB steps", (gib, gb) => {
    expect(volumeSizeGb(gib)).toBe(gb);
    expect(gb * 1e9).toBeGreaterThanOrEqual(gib * 1024 ** 3);
    expect(gb % 5).toBe(0);
  });
});

describe("passwords", () => {
  it.each([
    ["Aa1-aaaa", true],
    ["Aa1-", false],
    ["aa1-aaaa", false],
    ["AA1-AAAA", false],
    ["Aaa-aaaa", false],
    ["Aa1aaaaa", false],
    ["Aa1-aaa aaa", false],
    ["Aa1-é-aaa", false],
    [`Aa1-${"a".repeat(124)}`, true],
    [`Aa1-${"a".repeat(125)}`, false],
  ])("%s meets Scaleway's rules: %s", (password, ok) => {
    expect(meetsScalewayPasswordRules(password)).toBe(ok);
  });

  it("always meets the rules, even when the random source favours one class", () => {
    expect(meetsScalewayPasswordRules(generatePassword(() => 0))).toBe(true);
    expect(meetsScalewayPasswordRules(generatePassword((max) => max - 1))).toBe(true);
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      expect(password.length).toBe(PASSWORD_LENGTH);
      expect(meetsScalewayPasswordRules(password)).toBe(true);
      expect(encodeURIComponent(password)).toBe(password);
    }
  });

  it("differs between draws", () => {
    expect(new Set(Array.from({ length: 50 }, () => generatePassword())).size).toBe(50);
  });
});

function spec(
  args: PostgresDatabaseArgsData,
  extra: Partial<PostgresBuildSpec> = {},
): PostgresBuildSpec {
  return { ...validatePostgresArgs(args, 'PostgresDatabase "orders"', "orders"), ...extra };
}

describe("validateScalewayPostgres", () => {
  const subject = 'PostgresDatabase "orders"';

  it("accepts the defaults and every neutral major", () => {
    expect(validateScalewayPostgres(spec({}), subject)).toEqual([]);
    for (const version of [15, 16, 17] as const)
      expect(validateScalewayPostgres(spec({ version }), subject)).toEqual([]);
    expect(
      validateScalewayPostgres(
        spec({ vcpu: 64, memoryGiB: 256, storageGiB: 9313, allowedCidrs: ["192.0.2.0/24"] }),
        subject,
      ),
    ).toEqual([]);
  });

  const fakeNamespace = {
    name: "team",
    namespace: "team",
    target: "kubernetes",
    placement: {
      target: "kubernetes",
      vendor: "Gemeente Amsterdam",
      legalEntity: "Gemeente Amsterdam",
      headquarters: "NL",
      foreignJurisdictions: [],
      onPremises: true,
      region: "ams-dc1",
      country: "NL",
    },
    quota: DEFAULT_QUOTA,
    resource: {} as pulumi.ComponentResource,
  };
  it.each<[string, PostgresBuildSpec, string, unknown, RegExp]>([
    [
      "a namespace on no cluster",
      spec({}, { namespace: fakeNamespace }),
      "namespace",
      "team",
      /must be on a Kapsule cluster of this program/,
    ],
    [
      "a version Scaleway does not offer",
      spec({}, { version: 14 as 15 }),
      "version",
      14,
      /must be a major Scaleway offers for new instances \(15, 16, 17\)/,
    ],
    [
      "more memory than any node",
      spec({ memoryGiB: 300 }),
      "memoryGiB",
      { vcpu: 2, memoryGiB: 300 },
      /the largest has 64 vCPUs and 256 GiB/,
    ],
    [
      "more storage than a volume holds",
      spec({ storageGiB: 9314 }),
      "storageGiB",
      9314,
      /10000 GB \(9313 GiB\)/,
    ],
    [
      "an IPv6 CIDR",
      spec({ allowedCidrs: ["192.0.2.0/24", "2001:db8::/32"] }),
      "allowedCidrs[1]",
      "2001:db8::/32",
      /take no IPv6/,
    ],
    [
      "a database name an app user cannot be named after",
      spec({ databaseName: "_ledger" }),
      "databaseName",
      "_ledger",
      /Scaleway user names start with a letter/,
    ],
  ])("rejects %s, naming the field, the value and a fix", (_, input, field, value, rule) => {
    const issues = validateScalewayPostgres(input, subject);
    expect(issues.map((i) => [i.subject, i.field, i.value])).toEqual([[subject, field, value]]);
    expect(issues[0]!.rule).toMatch(rule);
    expect(issues[0]!.fix.length).toBeGreaterThan(10);
  });
});
