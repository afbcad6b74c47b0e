import { postgresUri } from "@wissel/core";

describe("postgresUri", () => {
  it("encodes user, password and database, and a URL parser reads them back", () => {
    const uri = postgresUri({
      user: "a_app",
      password: "p@ss:w/rd",
      host: "db.example.nl",
      port: 5432,
      database: "a",
      sslmode: "verify-full",
    });
    expect(uri).toBe("postgresql://a_app:p%40ss%3Aw%2Frd@db.example.nl:5432/a?sslmode=verify-full");
    const url = new URL(uri);
    expect([
      decodeURIComponent(url.username),
      decodeURIComponent(url.password),
      url.hostname,
      url.port,
    ]).toEqual(["a_app", "p@ss:w/rd", "db.example.nl", "5432"]);
  });

  it.each([
    ["an IPv6 host, in brackets", "fd00::12", "[fd00::12]"],
    ["an IPv4 host, as it is", "10.0.0.7", "10.0.0.7"],
    ["a host name, as it is", "orders-rw.team.svc", "orders-rw.team.svc"],
  ])("writes %s", (_what, host, written) => {
    expect(
      postgresUri({
        host,
        port: 5432,
        database: "ledger",
        user: "ledger_app",
        password: "pw",
        sslmode: "verify-ca",
      }),
    ).toBe(`postgresql://ledger_app:pw@${written}:5432/ledger?sslmode=verify-ca`);
  });
});
