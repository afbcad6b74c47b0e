/**
 * The `MailDomain` and `Mailbox` contract: the same assertions for every adapter. An adapter's test
 * file calls `mailContract({...})` at top level; it declares its own jest `describe` block.
 */
import {
  MailDomain,
  Mailbox,
  missingMailDnsRecords,
  plannedComponents,
  type Adapter,
  type MailDomainArgs,
  type MailboxArgs,
} from "@wissel/core";
import { MockHarness, isSecret, valueOf, type HarnessOptions } from "./harness";

export interface MailContractOptions {
  readonly adapter: Adapter;
  /** Harness options, including stack config that selects the adapter. */
  readonly harness: HarnessOptions;
  /** Resource types that hold mail or its keys and must be protected and retained. */
  readonly statefulTypes: readonly string[];
  /**
   * Runs inside each program before the domain is declared, for targets that need something first
   * (a cluster for the mail server); returns arguments to add to the domain.
   */
  readonly setup?: () => Partial<MailDomainArgs>;
  /** Arguments every domain of this target needs (a TLS source where it runs a mail server). */
  readonly domainArgs?: Partial<MailDomainArgs>;
}

const DOMAIN = "meldingen.amsterdam.nl";

export function mailContract(options: MailContractOptions): void {
  const { adapter } = options;
  describe(`MailDomain and Mailbox contract on ${adapter.name}`, () => {
    let harness: MockHarness;

    beforeAll(async () => {
      harness = await MockHarness.start(options.harness);
    });
    beforeEach(() => harness.reset());

    async function build(mailboxes: Readonly<Record<string, Omit<MailboxArgs, "domain">>>) {
      const { result, registrations } = await harness.run(() => {
        const extra = options.setup?.() ?? {};
        const domain = new MailDomain("mail", {
          domain: DOMAIN,
          ...options.domainArgs,
          ...extra,
        });
        const boxes = Object.entries(mailboxes).map(
          ([name, args]) => new Mailbox(name, { domain, ...args }),
        );
        return { domain, boxes };
      });
      return { ...result, registrations };
    }

    it("registers the neutral type tokens and parents every child under its component", async () => {
      const { domain, boxes, registrations } = await build({
        meldingen: { localPart: "meldingen" },
      });
      expect(
        registrations.filter((r) => r.type === "wissel:mail:Domain").map((r) => r.name),
      ).toEqual(["mail"]);
      expect(
        registrations.filter((r) => r.type === "wissel:mail:Mailbox").map((r) => r.name),
      ).toEqual(["meldingen"]);
      for (const child of harness.childrenOf(await valueOf(domain.urn)))
        expect(child.name.startsWith("mail-")).toBe(true);
      for (const child of harness.childrenOf(await valueOf(boxes[0]!.urn)))
        expect(child.name.startsWith("meldingen-")).toBe(true);
    });

    it("gives each mailbox a secret binding with its own generated password", async () => {
      const { boxes } = await build({
        meldingen: { localPart: "meldingen" },
        vergunningen: { localPart: "vergunningen", imap: false },
      });
      const [a, b] = boxes as [Mailbox, Mailbox];
      expect(await isSecret(a.binding)).toBe(true);
      const first = await valueOf(a.binding);
      const second = await valueOf(b.binding);
      expect(first.address).toBe(`meldingen@${DOMAIN}`);
      expect(first.password.length).toBeGreaterThanOrEqual(16);
      expect(first.password).not.toBe(second.password);
      expect(["starttls", "tls"]).toContain(first.smtpSecurity);
      expect(first.smtpPort === 587 || first.smtpPort === 465).toBe(true);
      expect(first.imapPort).toBe(993);
      expect(typeof first.imapHost).toBe("string");
      expect(second).not.toHaveProperty("imapHost");
      expect(second).not.toHaveProperty("imapPort");
    });

    it("never writes a password into a name, a URN or an input that is not secret", async () => {
      const { boxes, registrations } = await build({ meldingen: { localPart: "meldingen" } });
      const { password } = await valueOf(boxes[0]!.binding);
      for (const registration of registrations) {
        expect(registration.urn).not.toContain(password);
        const plain = Object.entries(registration.inputs).filter(
          ([key]) => !registration.secretInputs.includes(key),
        );
        expect(JSON.stringify(plain)).not.toContain(password);
      }
    });

    it("protects and retains the mail and its keys", async () => {
      const { domain, boxes, registrations } = await build({
        meldingen: { localPart: "meldingen" },
      });
      const urns = await Promise.all([domain, ...boxes].map((c) => valueOf(c.urn)));
      const stateful = urns
        .flatMap((urn) => harness.descendantsOf(urn))
        .filter((r) => options.statefulTypes.includes(r.type));
      expect(stateful.length).toBeGreaterThan(0);
      for (const child of stateful)
        expect([child.type, child.name, child.protect, child.retainOnDelete]).toEqual([
          child.type,
          child.name,
          true,
          true,
        ]);
      expect(registrations.filter((r) => r.deleteBeforeReplace).map((r) => r.name)).toEqual([]);
    });

    it("publishes every record the domain needs: MX, SPF, DKIM and DMARC", async () => {
      const { domain } = await build({ meldingen: { localPart: "meldingen" } });
      const records = await valueOf(domain.dnsRecords);
      expect(missingMailDnsRecords(DOMAIN, records)).toEqual([]);
      expect(await isSecret(domain.dnsRecords)).toBe(false);
      const spf = records.filter((r) => r.purpose === "spf");
      expect(spf).toHaveLength(1);
      expect(spf[0]!.value).toMatch(/^v=spf1 .* -all$/);
    });

    it("records the domain and each mailbox for the plan, placed where the mail goes", async () => {
      const { domain, boxes } = await build({ meldingen: { localPart: "meldingen" } });
      const records = plannedComponents().filter((r) => r.kind.startsWith("mail"));
      expect(records.map((r) => `${r.kind} ${r.name}`)).toEqual([
        "mailDomain mail",
        "mailbox meldingen",
      ]);
      for (const record of records) expect(record.placement.target).toBe(adapter.name);
      // The stored mail is where the domain's mail server keeps it.
      expect(boxes[0]!.placement).toEqual(domain.ref.mailStore ?? domain.placement);
      expect(records[1]!.placement).toEqual(boxes[0]!.placement);
    });

    it("refuses a mailbox whose alias is another mailbox's address", async () => {
      await expect(
        build({
          meldingen: { localPart: "meldingen" },
          oud: { localPart: "oud", aliases: ["meldingen"] },
        }),
      ).rejects.toThrow(/meldingen@meldingen\.amsterdam\.nl/);
    });
  });
}
