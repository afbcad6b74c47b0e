import { WisselError, configPath, configSetCommand, formatIssue, showValue } from "@wissel/core";

describe("configPath", () => {
  it.each<[string, (string | number)[], string]>([
    ["simple keys", ["postgres", "namespace"], "wissel:azure.postgres.namespace"],
    [
      "a key with a dot",
      ["postgresAppPasswords", "orders.v2"],
      'wissel:azure.postgresAppPasswords["orders.v2"]',
    ],
    [
      "a key with a dash",
      ["postgresAppPasswords", "orders-db"],
      'wissel:azure.postgresAppPasswords["orders-db"]',
    ],
    ["a key with a space", ["images", "my image"], 'wissel:azure.images["my image"]'],
    ["a key with a double quote", ["x", 'say "hi"'], 'wissel:azure.x["say \\"hi\\""]'],
    ["a key starting with a digit", ["versions", "17"], 'wissel:azure.versions["17"]'],
    ["a list index", ["flavors", 0, "name"], "wissel:azure.flavors[0].name"],
    ["no segments", [], "wissel:azure"],
  ])("renders %s", (_what, segments, expected) => {
    expect(configPath("wissel:azure", segments)).toBe(expected);
  });

  it("shell-quotes the path, single quotes included, and marks secrets", () => {
    expect(
      configSetCommand("wissel:azure", ["postgresAppPasswords", "it's"], "x", { secret: true }),
    ).toBe(`pulumi config set --secret --path 'wissel:azure.postgresAppPasswords["it'\\''s"]' x`);
    expect(configSetCommand("wissel:scaleway", ["region"], "nl-ams", { code: true })).toBe(
      "`pulumi config set --path 'wissel:scaleway.region' nl-ams`",
    );
  });
});

describe("showValue and formatIssue keep secrets out", () => {
  const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVlLTEyMw";
  const pem =
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7x9Qk\n-----END RSA PRIVATE KEY-----\n";
  const random = "Zq8vR2mXw4TbY7nKp3LsD9fHj6Gc";
  it.each<[string, string, unknown, string]>([
    ["a password field", "wissel:azure.postgresAdminPassword", "hunter2hunter2", "hunter2"],
    ["a secretKey block arg", "secretKey", "plainvalue", "plainvalue"],
    [
      "a token nested in an object",
      "wissel:kubernetes.cluster",
      { auth: { token: "tok-value-1" } },
      "tok-value-1",
    ],
    ["a JWT under any key", "region", jwt, "c2lnbmF0dXJl"],
    ["a PEM private key under any key", "cluster.caCertificate", pem, "MIIEowIBAAKCAQEA7x9Qk"],
    ["a random string under any key", "region", random, random],
    [
      "a kubeconfig with a token",
      "context",
      "apiVersion: v1\nusers:\n- user:\n    token: abc-kube-token\n",
      "abc-kube-token",
    ],
    [
      "a URL password",
      "objectStorage.endpoint",
      "https://user:p4ss-word@s3.example.nl",
      "p4ss-word",
    ],
  ])("hides %s", (_what, field, value, secret) => {
    expect(showValue(value, field)).not.toContain(secret);
    expect(
      new WisselError([{ subject: "stack config", field, value, rule: "is wrong", fix: "Fix it." }])
        .message,
    ).not.toContain(secret);
  });

  it("hides an issue marked secret, and keeps only its description in error.issues", () => {
    const error = new WisselError([
      {
        subject: "s",
        field: "wissel:x",
        value: "plain-words",
        rule: "is not a key",
        fix: "Remove it.",
        secret: true,
      },
    ]);
    expect(error.message).toBe(
      "s: wissel:x is not a key (received a string of 11 characters, not shown). Remove it.",
    );
    expect(JSON.stringify(error.issues)).not.toContain("plain-words");
  });

  it.each<[unknown, string]>([
    ["westeurope", '"westeurope"'],
    ["nl-ams", '"nl-ams"'],
    ["10.0.0.0/16", '"10.0.0.0/16"'],
    ["https://s3.example.nl", '"https://s3.example.nl"'],
    ["api.dc1.example.nl", '"api.dc1.example.nl"'],
    ["00000000-0000-0000-0000-000000000000", '"00000000-0000-0000-0000-000000000000"'],
    [
      "/subscriptions/3f2c1a9e-7b4d-4e8a-9c1f-2a6b8d0e4f71/resourceGroups/rg-team/providers/Microsoft.Network/virtualNetworks/vnet",
      '"/subscriptions/',
    ],
    [42, "42"],
  ])("shows the ordinary value %p", (value, shown) => {
    expect(showValue(value, "region")).toContain(shown);
    expect(formatIssue({ subject: "s", field: "region", value, rule: "r", fix: "f" })).toContain(
      shown,
    );
  });
});
