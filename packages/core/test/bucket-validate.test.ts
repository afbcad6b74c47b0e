import { WisselError, validateBucketArgs } from "@wissel/core";

const SUBJECT = 'Bucket "uploads"';
const GOOD_RULE = { allowedOrigins: ["https://app.example.nl"], allowedMethods: ["GET"] };

function rejection(args: unknown): WisselError {
  try {
    validateBucketArgs(args, SUBJECT);
  } catch (error) {
    if (WisselError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(args)}`);
}

describe("validateBucketArgs rejects bad input, naming field, value, rule and fix", () => {
  // [what, args, field, a fragment of the rule, a fragment of the received value]
  const cases: [string, unknown, string, string, string][] = [
    ["args not an object", "versioned", "args", "must be an object", '"versioned"'],
    ["args an array", [1], "args", "must be an object", "[1]"],
    [
      "misspelt key",
      { versionning: true },
      "versionning",
      "is not an argument of Bucket",
      "a boolean, not shown",
    ],
    [
      "unknown key",
      { publicRead: true },
      "publicRead",
      "is not an argument of Bucket",
      "a boolean, not shown",
    ],
    ["versioning as string", { versioning: "yes" }, "versioning", "must be true or false", '"yes"'],
    ["versioning as number", { versioning: 1 }, "versioning", "must be true or false", "1"],
    ["zero expiry", { expireAfterDays: 0 }, "expireAfterDays", "from 1 to 36500", "0"],
    ["negative expiry", { expireAfterDays: -5 }, "expireAfterDays", "from 1 to 36500", "-5"],
    ["fractional expiry", { expireAfterDays: 1.5 }, "expireAfterDays", "whole number", "1.5"],
    [
      "expiry beyond a century",
      { expireAfterDays: 36501 },
      "expireAfterDays",
      "from 1 to 36500",
      "36501",
    ],
    ["expiry as string", { expireAfterDays: "30" }, "expireAfterDays", "whole number", '"30"'],
    ["expiry NaN", { expireAfterDays: Number.NaN }, "expireAfterDays", "whole number", "NaN"],
    [
      "classification unknown",
      { classification: "secret" },
      "classification",
      '"public", "internal", "sensitive"',
      '"secret"',
    ],
    [
      "classification capitalised",
      { classification: "Sensitive" },
      "classification",
      "must be one of",
      '"Sensitive"',
    ],
    [
      "allowDataLoss as string",
      { allowDataLoss: "true" },
      "allowDataLoss",
      "must be true or false",
      '"true"',
    ],
    [
      "cors not a list",
      { cors: GOOD_RULE },
      "cors",
      "must be a list of CORS rules",
      "allowedOrigins",
    ],
    ["cors rule not an object", { cors: ["*"] }, "cors[0]", "must be an object", '"*"'],
    [
      "cors without origins",
      { cors: [{ allowedMethods: ["GET"] }] },
      "cors[0].allowedOrigins",
      "non-empty list",
      "nothing",
    ],
    [
      "cors empty origins",
      { cors: [{ allowedOrigins: [], allowedMethods: ["GET"] }] },
      "cors[0].allowedOrigins",
      "non-empty list",
      "[]",
    ],
    [
      "cors origin with path",
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["https://app.example.nl/"] }] },
      "cors[0].allowedOrigins[0]",
      "scheme and host",
      "https://app.example.nl/",
    ],
    [
      "cors origin without scheme",
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["app.example.nl"] }] },
      "cors[0].allowedOrigins[0]",
      "scheme and host",
      "app.example.nl",
    ],
    [
      "cors origin two wildcards",
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["https://*.*.example.nl"] }] },
      "cors[0].allowedOrigins[0]",
      "at most one",
      "*.*",
    ],
    [
      "cors origin port 0",
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["https://app.example.nl:0"] }] },
      "cors[0].allowedOrigins[0]",
      "port from 1 to 65535",
      ":0",
    ],
    [
      "cors origin port above 65535",
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["https://app.example.nl:65536"] }] },
      "cors[0].allowedOrigins[0]",
      "port from 1 to 65535",
      ":65536",
    ],
    [
      "cors origin port with leading zero",
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["http://localhost:08080"] }] },
      "cors[0].allowedOrigins[0]",
      "without leading zeros",
      ":08080",
    ],
    [
      "cors origin default https port",
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["https://app.example.nl:443"] }] },
      "cors[0].allowedOrigins[0]",
      "must leave out :443",
      ":443",
    ],
    [
      "cors origin default http port",
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["http://app.example.nl:80"] }] },
      "cors[0].allowedOrigins[0]",
      "must leave out :80",
      ":80",
    ],
    [
      "cors origin mid-string wildcard",
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["https://app-*.example.nl"] }] },
      "cors[0].allowedOrigins[0]",
      "leading *. wildcard",
      "app-*",
    ],
    [
      "cors origin wildcard scheme",
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["*://app.example.nl"] }] },
      "cors[0].allowedOrigins[0]",
      "scheme and host",
      "*://",
    ],
    [
      "cors header mid-string wildcard",
      { cors: [{ ...GOOD_RULE, allowedHeaders: ["x-*-meta"] }] },
      "cors[0].allowedHeaders[0]",
      "ending in one *",
      "x-*-meta",
    ],
    [
      "cors header two wildcards",
      { cors: [{ ...GOOD_RULE, allowedHeaders: ["x-*-meta-*"] }] },
      "cors[0].allowedHeaders[0]",
      "ending in one *",
      "x-*-meta-*",
    ],
    [
      "cors origin uppercase",
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["https://App.example.nl"] }] },
      "cors[0].allowedOrigins[0]",
      "lowercase",
      "App",
    ],
    [
      "cors origin not a string",
      { cors: [{ ...GOOD_RULE, allowedOrigins: [42] }] },
      "cors[0].allowedOrigins[0]",
      "non-empty string",
      "42",
    ],
    [
      "cors without methods",
      { cors: [{ allowedOrigins: ["*"] }] },
      "cors[0].allowedMethods",
      "non-empty list",
      "nothing",
    ],
    [
      "cors lowercase method",
      { cors: [{ ...GOOD_RULE, allowedMethods: ["get"] }] },
      "cors[0].allowedMethods[0]",
      "GET, PUT, POST, DELETE, HEAD",
      '"get"',
    ],
    [
      "cors PATCH",
      { cors: [{ ...GOOD_RULE, allowedMethods: ["PATCH"] }] },
      "cors[0].allowedMethods[0]",
      "must be one of",
      '"PATCH"',
    ],
    [
      "cors repeated method",
      { cors: [{ ...GOOD_RULE, allowedMethods: ["GET", "GET"] }] },
      "cors[0].allowedMethods",
      "must not repeat",
      '["GET","GET"]',
    ],
    [
      "cors header with space",
      { cors: [{ ...GOOD_RULE, allowedHeaders: ["content type"] }] },
      "cors[0].allowedHeaders[0]",
      "HTTP header name",
      '"content type"',
    ],
    [
      "cors exposed wildcard",
      { cors: [{ ...GOOD_RULE, exposedHeaders: ["*"] }] },
      "cors[0].exposedHeaders[0]",
      "cannot expose",
      '"*"',
    ],
    [
      "cors exposed prefix wildcard",
      { cors: [{ ...GOOD_RULE, exposedHeaders: ["x-meta-*"] }] },
      "cors[0].exposedHeaders[0]",
      "cannot expose",
      "x-meta-*",
    ],
    [
      "cors max age too long",
      { cors: [{ ...GOOD_RULE, maxAgeSeconds: 86401 }] },
      "cors[0].maxAgeSeconds",
      "from 0 to 86400",
      "86401",
    ],
    [
      "cors max age negative",
      { cors: [{ ...GOOD_RULE, maxAgeSeconds: -1 }] },
      "cors[0].maxAgeSeconds",
      "from 0 to 86400",
      "-1",
    ],
    [
      "cors rule unknown key",
      { cors: [{ ...GOOD_RULE, allowCredentials: true }] },
      "cors[0].allowCredentials",
      "is not an argument of a CORS rule",
      "a boolean, not shown",
    ],
    [
      "too many cors rules",
      { cors: Array.from({ length: 101 }, () => GOOD_RULE) },
      "cors",
      "at most 100 rules",
      "101 rules",
    ],
  ];

  it.each(cases)("%s", (_what, args, field, rule, received) => {
    const error = rejection(args);
    const issue = error.issues.find((i) => i.field === field);
    expect(issue).toBeDefined();
    expect(issue!.subject).toBe(SUBJECT);
    expect(issue!.rule).toContain(rule);
    expect(issue!.fix.length).toBeGreaterThan(10);
    const line = error.message.split("\n").find((l) => l.includes(`: ${field} `));
    expect(line).toMatch(new RegExp(`^Bucket "uploads": ${field.replace(/[[\].]/g, "\\$&")} `));
    expect(line).toContain(`(received `);
    expect(line).toContain(received);
  });

  it("has at least 30 cases", () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it("reports every problem at once", () => {
    const error = rejection({ versioning: "no", expireAfterDays: 0, classification: "x" });
    expect(error.issues.map((i) => i.field)).toEqual([
      "versioning",
      "expireAfterDays",
      "classification",
    ]);
  });

  it("suggests the closest argument for a typo", () => {
    expect(rejection({ expireAfterDay: 3 }).issues[0]!.fix).toBe("Did you mean expireAfterDays?");
  });
});

describe("validateBucketArgs defaults", () => {
  it("makes a bare bucket private, unversioned, internal and protected", () => {
    expect(validateBucketArgs(undefined, SUBJECT)).toEqual({
      versioning: false,
      cors: [],
      classification: "internal",
      allowDataLoss: false,
    });
  });

  it("fills CORS defaults and keeps what was given", () => {
    const spec = validateBucketArgs(
      {
        versioning: true,
        expireAfterDays: 30,
        cors: [{ ...GOOD_RULE, allowedHeaders: ["x-amz-meta-*"] }],
        classification: "sensitive",
      },
      SUBJECT,
    );
    expect(spec).toEqual({
      versioning: true,
      expireAfterDays: 30,
      cors: [
        {
          allowedOrigins: ["https://app.example.nl"],
          allowedMethods: ["GET"],
          allowedHeaders: ["x-amz-meta-*"],
          exposedHeaders: [],
          maxAgeSeconds: 3600,
        },
      ],
      classification: "sensitive",
      allowDataLoss: false,
    });
  });

  it("accepts a wildcard origin and a subdomain wildcard", () => {
    const spec = validateBucketArgs(
      { cors: [{ ...GOOD_RULE, allowedOrigins: ["*", "https://*.example.nl:8443"] }] },
      SUBJECT,
    );
    expect(spec.cors[0]!.allowedOrigins).toEqual(["*", "https://*.example.nl:8443"]);
  });

  it("accepts the port range's ends and a trailing header wildcard", () => {
    const origins = [
      "http://localhost:1",
      "https://app.example.nl:65535",
      "http://app.example.nl:443",
      "https://app.example.nl:80",
    ];
    const spec = validateBucketArgs(
      { cors: [{ ...GOOD_RULE, allowedOrigins: origins, allowedHeaders: ["x-amz-meta-*", "*"] }] },
      SUBJECT,
    );
    expect(spec.cors[0]!.allowedOrigins).toEqual(origins);
    expect(spec.cors[0]!.allowedHeaders).toEqual(["x-amz-meta-*", "*"]);
  });
});
