/**
 * ISO 3166-1 alpha-2 countries with the World Bank income group (FY2026 classification, July 2025)
 * used as the default country -> income band table. Admins can change a band in the database;
 * this list is the shipped default and the source of country names.
 * Bands: H = high, UM = upper-middle, LM = lower-middle, L = low.
 * Territories the World Bank does not classify separately carry their sovereign's band (Niue, in
 * free association with New Zealand, carries the Cook Islands' band; Western Sahara Morocco's;
 * Antarctica and the Holy See high). All 249 ISO 3166-1 codes are here, plus XK (Kosovo): XK is
 * not an ISO 3166-1 code but a user-assigned one, used by the World Bank, the EU and others.
 */
export const INCOME_BANDS = ['high', 'upper_middle', 'lower_middle', 'low'] as const;
export type IncomeBand = (typeof INCOME_BANDS)[number];
export const INCOME_BAND_LABELS: Record<IncomeBand, string> = {
  high: 'High income',
  upper_middle: 'Upper-middle income',
  lower_middle: 'Lower-middle income',
  low: 'Low income',
};

const RAW = `AD H Andorra|AE H United Arab Emirates|AF L Afghanistan|AG H Antigua and Barbuda|AI H Anguilla|AL UM Albania|AM UM Armenia|AO LM Angola|AQ H Antarctica|AR UM Argentina|AS H American Samoa|AT H Austria|AU H Australia|AW H Aruba|AX H Åland Islands|AZ UM Azerbaijan|BA UM Bosnia and Herzegovina|BB H Barbados|BD LM Bangladesh|BE H Belgium|BF L Burkina Faso|BG H Bulgaria|BH H Bahrain|BI L Burundi|BJ LM Benin|BL H Saint Barthélemy|BM H Bermuda|BN H Brunei Darussalam|BO LM Bolivia|BQ H Bonaire, Sint Eustatius and Saba|BR UM Brazil|BS H Bahamas|BT LM Bhutan|BV H Bouvet Island|BW UM Botswana|BY UM Belarus|BZ UM Belize|CA H Canada|CC H Cocos (Keeling) Islands|CD L Congo, Democratic Republic|CF L Central African Republic|CG LM Congo|CH H Switzerland|CI LM Côte d'Ivoire|CK UM Cook Islands|CL H Chile|CM LM Cameroon|CN UM China|CO UM Colombia|CR UM Costa Rica|CU UM Cuba|CV UM Cabo Verde|CW H Curaçao|CX H Christmas Island|CY H Cyprus|CZ H Czechia|DE H Germany|DJ LM Djibouti|DK H Denmark|DM UM Dominica|DO UM Dominican Republic|DZ UM Algeria|EC UM Ecuador|EE H Estonia|EG LM Egypt|EH LM Western Sahara|ER L Eritrea|ES H Spain|ET L Ethiopia|FI H Finland|FJ UM Fiji|FK H Falkland Islands (Malvinas)|FM LM Micronesia|FO H Faroe Islands|FR H France|GA UM Gabon|GB H United Kingdom|GD UM Grenada|GE UM Georgia|GF H French Guiana|GG H Guernsey|GH LM Ghana|GI H Gibraltar|GL H Greenland|GM L Gambia|GN LM Guinea|GP H Guadeloupe|GQ UM Equatorial Guinea|GR H Greece|GS H South Georgia and the South Sandwich Islands|GT UM Guatemala|GU H Guam|GW L Guinea-Bissau|GY H Guyana|HK H Hong Kong SAR, China|HM H Heard Island and McDonald Islands|HN LM Honduras|HR H Croatia|HT LM Haiti|HU H Hungary|ID UM Indonesia|IE H Ireland|IL H Israel|IM H Isle of Man|IN LM India|IO H British Indian Ocean Territory|IQ UM Iraq|IR UM Iran|IS H Iceland|IT H Italy|JE H Jersey|JM UM Jamaica|JO LM Jordan|JP H Japan|KE LM Kenya|KG LM Kyrgyz Republic|KH LM Cambodia|KI LM Kiribati|KM LM Comoros|KN H St. Kitts and Nevis|KP L Korea, Dem. People's Rep.|KR H Korea, Republic of|KW H Kuwait|KY H Cayman Islands|KZ UM Kazakhstan|LA LM Lao PDR|LB LM Lebanon|LC UM St. Lucia|LI H Liechtenstein|LK LM Sri Lanka|LR L Liberia|LS LM Lesotho|LT H Lithuania|LU H Luxembourg|LV H Latvia|LY UM Libya|MA LM Morocco|MC H Monaco|MD UM Moldova|ME UM Montenegro|MF H Saint Martin (French part)|MG L Madagascar|MH UM Marshall Islands|MK UM North Macedonia|ML L Mali|MM LM Myanmar|MN UM Mongolia|MO H Macao SAR, China|MP H Northern Mariana Islands|MQ H Martinique|MR LM Mauritania|MS H Montserrat|MT H Malta|MU UM Mauritius|MV UM Maldives|MW L Malawi|MX UM Mexico|MY UM Malaysia|MZ L Mozambique|NA UM Namibia|NC H New Caledonia|NE L Niger|NF H Norfolk Island|NG LM Nigeria|NI LM Nicaragua|NL H Netherlands|NO H Norway|NP LM Nepal|NR H Nauru|NU UM Niue|NZ H New Zealand|OM H Oman|PA H Panama|PE UM Peru|PF H French Polynesia|PG LM Papua New Guinea|PH LM Philippines|PK LM Pakistan|PL H Poland|PM H Saint Pierre and Miquelon|PN H Pitcairn|PR H Puerto Rico|PS LM West Bank and Gaza|PT H Portugal|PW H Palau|PY UM Paraguay|QA H Qatar|RE H Réunion|RO H Romania|RS UM Serbia|RU H Russian Federation|RW L Rwanda|SA H Saudi Arabia|SB LM Solomon Islands|SC H Seychelles|SD L Sudan|SE H Sweden|SG H Singapore|SH H Saint Helena, Ascension and Tristan da Cunha|SI H Slovenia|SJ H Svalbard and Jan Mayen|SK H Slovak Republic|SL L Sierra Leone|SM H San Marino|SN LM Senegal|SO L Somalia|SR UM Suriname|SS L South Sudan|ST LM São Tomé and Príncipe|SV UM El Salvador|SX H Sint Maarten|SY L Syrian Arab Republic|SZ LM Eswatini|TC H Turks and Caicos Islands|TD L Chad|TF H French Southern Territories|TG L Togo|TH UM Thailand|TJ LM Tajikistan|TK H Tokelau|TL LM Timor-Leste|TM UM Turkmenistan|TN LM Tunisia|TO UM Tonga|TR UM Türkiye|TT H Trinidad and Tobago|TV UM Tuvalu|TW H Taiwan, China|TZ LM Tanzania|UA UM Ukraine|UG L Uganda|UM H United States Minor Outlying Islands|US H United States|UY H Uruguay|UZ LM Uzbekistan|VA H Holy See|VC UM St. Vincent and the Grenadines|VE UM Venezuela|VG H British Virgin Islands|VI H U.S. Virgin Islands|VN LM Viet Nam|VU LM Vanuatu|WF H Wallis and Futuna|WS LM Samoa|XK UM Kosovo|YE L Yemen|YT H Mayotte|ZA UM South Africa|ZM LM Zambia|ZW LM Zimbabwe`;

const BAND_CODES: Record<string, IncomeBand> = {
  H: 'high',
  UM: 'upper_middle',
  LM: 'lower_middle',
  L: 'low',
};

export interface Country {
  code: string;
  name: string;
  defaultBand: IncomeBand;
}

export const COUNTRIES: readonly Country[] = RAW.split('|').map((entry) => {
  const [code, band, ...name] = entry.split(' ');
  return { code: code!, name: name.join(' '), defaultBand: BAND_CODES[band!]! };
});

export const COUNTRY_CODES: ReadonlySet<string> = new Set(COUNTRIES.map((c) => c.code));
const COUNTRY_BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c]));

export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  return COUNTRY_BY_CODE.get(code)?.name ?? code;
}
export function defaultIncomeBand(code: string): IncomeBand | undefined {
  return COUNTRY_BY_CODE.get(code)?.defaultBand;
}
