import { describe, expect, it } from 'vitest';
import { signUpInput } from './auth.js';
import { COUNTRIES, countryName, defaultIncomeBand } from './countries.js';
import { isValidOrcid, orcidSchema, updateProfileInput } from './profile.js';

describe('ORCID', () => {
  it('accepts iDs with a valid mod 11-2 check digit, including X', () => {
    expect(isValidOrcid('0000-0002-1825-0097')).toBe(true);
    expect(isValidOrcid('0000-0002-9079-593X')).toBe(true);
  });
  it('refuses a wrong check digit or shape', () => {
    expect(isValidOrcid('0000-0002-1825-0098')).toBe(false);
    expect(isValidOrcid('0000000218250097')).toBe(false);
    expect(isValidOrcid('')).toBe(false);
  });
  it('takes an iD pasted as its orcid.org link and keeps only the bare iD', () => {
    for (const pasted of [
      'https://orcid.org/0000-0002-1825-0097',
      'http://orcid.org/0000-0002-1825-0097/',
      'orcid.org/0000-0002-1825-0097',
      ' https://www.orcid.org/0000-0002-1825-0097 ',
    ]) {
      expect(orcidSchema.parse(pasted), pasted).toBe('0000-0002-1825-0097');
    }
    expect(orcidSchema.parse('https://orcid.org/0000-0002-9079-593x')).toBe('0000-0002-9079-593X');
    // The link's iD still has to be valid, and other sites' links are not iDs.
    expect(orcidSchema.safeParse('https://orcid.org/0000-0002-1825-0098').error?.issues[0]?.message).toBe(
      'Enter an ORCID iD like 0000-0002-1825-0097',
    );
    expect(orcidSchema.safeParse('https://example.org/0000-0002-1825-0097').success).toBe(false);
  });
});

describe('countries', () => {
  it('ships ISO codes, unique, each with a World Bank band', () => {
    const codes = COUNTRIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
    // All 249 ISO 3166-1 alpha-2 codes, plus the user-assigned XK (Kosovo).
    expect(COUNTRIES.length).toBe(250);
    for (const code of ['VA', 'RE', 'GP', 'MQ', 'GF', 'YT', 'GG', 'FK', 'PM', 'AQ', 'XK']) {
      expect(codes, code).toContain(code);
    }
    // Territories carry their sovereign's band.
    expect(defaultIncomeBand('RE')).toBe(defaultIncomeBand('FR'));
    expect(defaultIncomeBand('FK')).toBe(defaultIncomeBand('GB'));
    expect(defaultIncomeBand('CX')).toBe(defaultIncomeBand('AU'));
    expect(countryName('VA')).toBe('Holy See');
    expect(defaultIncomeBand('IN')).toBe('lower_middle');
    expect(defaultIncomeBand('DE')).toBe('high');
    expect(defaultIncomeBand('ET')).toBe('low');
    expect(defaultIncomeBand('BR')).toBe('upper_middle');
    expect(countryName('CI')).toBe("Côte d'Ivoire");
  });
});

describe('profile input', () => {
  it('normalises empty strings to null and country codes to upper case', () => {
    const parsed = updateProfileInput.parse({
      name: '  Ana  ',
      institution: ' ',
      countryCode: 'de',
      careerStage: '',
      researchAreas: [],
      orcid: '',
      directoryOptOut: false,
      visibility: {
        institution: 'public',
        country: 'public',
        careerStage: 'hidden',
        researchAreas: 'members',
        orcid: 'members',
      },
    });
    expect(parsed).toMatchObject({
      name: 'Ana',
      institution: null,
      countryCode: 'DE',
      careerStage: null,
      orcid: null,
    });
  });
});

describe('sign-up input', () => {
  it('lower-cases the email and names each bad field', () => {
    expect(
      signUpInput.parse({ name: 'A', email: ' Ana@Example.ORG ', password: 'long enough pw' }).email,
    ).toBe('ana@example.org');
    const result = signUpInput.safeParse({ name: '', email: 'nope', password: 'x'.repeat(129) });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['email', 'name', 'password']);
  });
});
