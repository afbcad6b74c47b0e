/** ISO 3166-1 alpha-2 codes of the 27 EU member states. */
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
  "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
]);

/** Whether an ISO 3166-1 alpha-2 code is an EU member state. */
export function isEuCountry(code: string): boolean {
  return EU_COUNTRIES.has(code.toUpperCase());
}

/**
 * The 249 officially assigned ISO 3166-1 alpha-2 codes (ISO 3166 Maintenance Agency). Reserved codes
 * are not countries: UK (exceptionally reserved; the United Kingdom is GB), EU, EZ, UN, and the
 * transitional codes of states that split or renamed (CS, YU, SU, ...); XK and ZZ are user-assigned.
 */
export const ISO_3166_ALPHA2: ReadonlySet<string> = new Set([
  "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
  "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ",
  "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ",
  "DE", "DJ", "DK", "DM", "DO", "DZ",
  "EC", "EE", "EG", "EH", "ER", "ES", "ET",
  "FI", "FJ", "FK", "FM", "FO", "FR",
  "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY",
  "HK", "HM", "HN", "HR", "HT", "HU",
  "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
  "JE", "JM", "JO", "JP",
  "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ",
  "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
  "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ",
  "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
  "OM",
  "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY",
  "QA",
  "RE", "RO", "RS", "RU", "RW",
  "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ",
  "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ",
  "UA", "UG", "UM", "US", "UY", "UZ",
  "VA", "VC", "VE", "VG", "VI", "VN", "VU",
  "WF", "WS",
  "YE", "YT",
  "ZA", "ZM", "ZW",
]);

/** Codes people write for a country whose assigned code differs. */
const MISTAKEN_CODES: Readonly<Record<string, string>> = {
  UK: "GB", // exceptionally reserved for the United Kingdom, which is GB
  EL: "GR", // the EU's own abbreviation for Greece
  FX: "FR", // metropolitan France, transitionally reserved
  CS: "RS", // Serbia and Montenegro, transitionally reserved
  YU: "RS", // Yugoslavia, transitionally reserved
  SU: "RU", // the USSR, transitionally reserved
  DD: "DE", // the GDR, transitionally reserved
  TP: "TL", // East Timor, transitionally reserved
  ZR: "CD", // Zaire, transitionally reserved
  BU: "MM", // Burma, transitionally reserved
};

/** Whether a value is an officially assigned ISO 3166-1 alpha-2 code, in capitals. */
export function isCountryCode(value: unknown): value is string {
  return typeof value === "string" && ISO_3166_ALPHA2.has(value);
}

/**
 * The assigned code a rejected value most likely means: `UK` → `GB`, `nl` → `NL`, `EL` → `GR`; undefined
 * when there is no single answer (`EU`, `XX`).
 */
export function suggestCountryCode(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const upper = value.trim().toUpperCase();
  const meant = MISTAKEN_CODES[upper] ?? upper;
  return ISO_3166_ALPHA2.has(meant) && meant !== value ? meant : undefined;
}

/** The rule of a rejected country, shared by every adapter's settings. */
export const COUNTRY_CODE_RULE = "must be an ISO 3166-1 alpha-2 code in capitals, such as NL or DE";

/**
 * Why a code that looks like a country is not one, as the start of a fix: `"UK" is reserved, not
 * assigned: the United Kingdom is GB. `; empty when there is nothing to explain.
 */
export function countryCodeHint(value: unknown): string {
  if (typeof value !== "string") return "";
  const upper = value.trim().toUpperCase();
  if (upper === "EU" || upper === "EZ") return `${JSON.stringify(value)} is reserved, not assigned: the EU is no country, so name the member state. `;
  const meant = MISTAKEN_CODES[upper];
  if (meant !== undefined) return `${JSON.stringify(value)} is not an assigned code: the country is ${meant}. `;
  if (/^[A-Z]{2}$/.test(upper) && !ISO_3166_ALPHA2.has(upper)) return `${JSON.stringify(value)} is not an assigned ISO 3166-1 code. `;
  return "";
}
