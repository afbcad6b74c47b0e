import { parseHttpsEndpoint } from "@wissel/core";

describe("parseHttpsEndpoint", () => {
  it.each([
    ["https://s3.example.nl", "forbidden", "https://s3.example.nl"],
    ["https://s3.example.nl/", "forbidden", "https://s3.example.nl"],
    ["https://s3.example.nl:1", "forbidden", "https://s3.example.nl:1"],
    ["https://s3.example.nl:65535", "forbidden", "https://s3.example.nl:65535"],
    ["https://s3.example.nl:443", "forbidden", "https://s3.example.nl"],
    ["https://192.0.2.10:6443", "forbidden", "https://192.0.2.10:6443"],
    ["https://[2001:db8::1]:6443", "forbidden", "https://[2001:db8::1]:6443"],
    ["https://rancher.example.nl/k8s/clusters/c-1", "allowed", "https://rancher.example.nl"],
  ] as const)("accepts %s (path %s)", (value, path, origin) => {
    const result = parseHttpsEndpoint(value, { path });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.url.origin).toBe(origin);
  });

  it.each([
    ["port 0", "https://s3.example.nl:0", "port", "port 0 cannot be connected to"],
    ["port 0 with a path", "https://api.example.nl:0/k8s", "port", "port 0 cannot be connected to"],
    ["port 0 on an IPv6 host", "https://[2001:db8::1]:0", "port", "port 0 cannot be connected to"],
    ["port 00", "https://s3.example.nl:00", "port", "port 00 cannot be connected to"],
    ["port 65536", "https://s3.example.nl:65536", "port", "from 1 to 65535"],
    ["port 99999", "https://s3.example.nl:99999/", "port", "port 99999 cannot be connected to"],
    ["a port that is no number", "https://s3.example.nl:https", "port", "from 1 to 65535"],
    ["a negative port", "https://s3.example.nl:-1", "port", "from 1 to 65535"],
    ["port 0 behind credentials", "https://u:p@s3.example.nl:0", "port", "port 0"],
    ["no URL", "s3.example.nl", "syntax", "absolute https URL"],
    ["plain http", "http://s3.example.nl", "scheme", "must use https"],
    ["credentials", "https://admin:pw@s3.example.nl", "credentials", "credentials"],
    ["a query", "https://s3.example.nl/?x=1", "query", "query"],
    ["a fragment", "https://s3.example.nl/#x", "query", "fragment"],
    ["a path where none is allowed", "https://s3.example.nl/bucket", "path", "path"],
  ])("rejects %s", (_what, value, problem, rule) => {
    const result = parseHttpsEndpoint(value, { path: "forbidden" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toBe(problem);
    expect(result.rule).toContain(rule);
  });
});
