import {
  COUNTRY_CODE_RULE,
  EU_COUNTRIES,
  ISO_3166_ALPHA2,
  countryCodeHint,
  isCountryCode,
  suggestCountryCode,
} from "@wissel/core";

describe("isCountryCode", () => {
  it("holds the 249 officially assigned codes", () => {
    expect(ISO_3166_ALPHA2.size).toBe(249);
    for (const code of EU_COUNTRIES) expect(ISO_3166_ALPHA2.has(code)).toBe(true);
  });

  it.each([
    "NL",
    "DE",
    "GB",
    "GR",
    "US",
    "CH",
    "NO",
    "AX",
    "BQ",
    "CW",
    "SS",
    "SX",
    "PS",
    "AQ",
    "UM",
  ])("accepts %s", (code) => {
    expect(isCountryCode(code)).toBe(true);
  });

  it.each<[unknown, string]>([
    ["UK", "reserved for the United Kingdom, which is GB"],
    ["EU", "reserved for the European Union"],
    ["EZ", "reserved for the eurozone"],
    ["UN", "reserved for the United Nations"],
    ["EL", "the EU's abbreviation for Greece"],
    ["XX", "user-assigned"],
    ["XK", "user-assigned (Kosovo), not in ISO 3166-1"],
    ["ZZ", "user-assigned"],
    ["YU", "transitionally reserved"],
    ["AN", "deleted (Netherlands Antilles)"],
    ["nl", "lowercase"],
    ["N L", "not two letters"],
    ["NLD", "alpha-3"],
    ["", "empty"],
    [528, "numeric"],
  ])("rejects %p (%s)", (code, _why) => {
    expect(isCountryCode(code)).toBe(false);
  });
});

describe("suggestCountryCode and countryCodeHint", () => {
  it.each([
    ["UK", "GB", '"UK" is not an assigned code: the country is GB. '],
    ["uk", "GB", '"uk" is not an assigned code: the country is GB. '],
    ["EL", "GR", '"EL" is not an assigned code: the country is GR. '],
    ["YU", "RS", '"YU" is not an assigned code: the country is RS. '],
    ["nl", "NL", ""],
    [" de ", "DE", ""],
    [
      "EU",
      undefined,
      '"EU" is reserved, not assigned: the EU is no country, so name the member state. ',
    ],
    ["XX", undefined, '"XX" is not an assigned ISO 3166-1 code. '],
    ["Netherlands", undefined, ""],
    [undefined, undefined, ""],
  ])("%p suggests %p", (value, suggestion, hint) => {
    expect(suggestCountryCode(value)).toBe(suggestion);
    expect(countryCodeHint(value)).toBe(hint);
    // A suggestion is itself accepted: the fix works.
    if (suggestion !== undefined) expect(isCountryCode(suggestion)).toBe(true);
  });

  it("keeps the rule every adapter shows", () => {
    expect(COUNTRY_CODE_RULE).toBe(
      "must be an ISO 3166-1 alpha-2 code in capitals, such as NL or DE",
    );
  });
});
