import { countryName } from '@societas/contracts';

/** The fields the schema.org JobPosting needs, from a job row. */
export interface JobForJsonLd {
  id: string;
  title: string;
  descriptionHtml: string;
  employerName: string;
  logoUrl: string | null;
  positionType: string;
  countryCode: string;
  city: string;
  workplace: 'remote' | 'hybrid' | 'on_site';
  salaryMin: number | null;
  salaryMax: number | null;
  salaryCurrency: string | null;
  publishedAt: Date | null;
  expiresAt: Date | null;
  closingOn: string | null;
  applyUrl: string | null;
}

const EMPLOYMENT_TYPE: Record<string, string[] | undefined> = {
  faculty: ['FULL_TIME'],
  postdoc: ['FULL_TIME', 'TEMPORARY'],
  phd: ['FULL_TIME', 'INTERN'],
  staff_scientist: ['FULL_TIME'],
  industry_rd: ['FULL_TIME'],
  technician: ['FULL_TIME'],
  // "other": not known, so not stated.
};

/** End of the closing day (UTC) or the listing's expiry, whichever comes first. */
export function validThrough(j: Pick<JobForJsonLd, 'expiresAt' | 'closingOn'>): Date | null {
  const closing = j.closingOn ? new Date(`${j.closingOn}T23:59:59Z`) : null;
  if (closing && j.expiresAt) return new Date(Math.min(closing.getTime(), j.expiresAt.getTime()));
  return closing ?? j.expiresAt;
}

/**
 * schema.org JobPosting (Google's required fields: title, description, datePosted,
 * hiringOrganization, jobLocation — or applicantLocationRequirements + jobLocationType for remote
 * work — plus validThrough and employmentType where known).
 */
export function jobPostingJsonLd(j: JobForJsonLd, pageUrl: string): Record<string, unknown> {
  const ld: Record<string, unknown> = {
    '@context': 'https://schema.org/',
    '@type': 'JobPosting',
    title: j.title,
    description: j.descriptionHtml,
    identifier: { '@type': 'PropertyValue', name: j.employerName, value: j.id },
    datePosted: (j.publishedAt ?? new Date()).toISOString(),
    hiringOrganization: {
      '@type': 'Organization',
      name: j.employerName,
      ...(j.logoUrl ? { logo: j.logoUrl } : {}),
    },
    url: pageUrl,
    directApply: false,
  };
  const until = validThrough(j);
  if (until) ld.validThrough = until.toISOString();
  const employment = EMPLOYMENT_TYPE[j.positionType];
  if (employment) ld.employmentType = employment.length === 1 ? employment[0] : employment;
  const place = {
    '@type': 'Place',
    address: {
      '@type': 'PostalAddress',
      ...(j.city ? { addressLocality: j.city } : {}),
      addressCountry: j.countryCode,
    },
  };
  if (j.workplace === 'remote') {
    ld.jobLocationType = 'TELECOMMUTE';
    ld.applicantLocationRequirements = { '@type': 'Country', name: countryName(j.countryCode) };
  } else {
    ld.jobLocation = place;
  }
  if (j.salaryCurrency && (j.salaryMin !== null || j.salaryMax !== null)) {
    ld.baseSalary = {
      '@type': 'MonetaryAmount',
      currency: j.salaryCurrency,
      value: {
        '@type': 'QuantitativeValue',
        ...(j.salaryMin !== null ? { minValue: j.salaryMin } : {}),
        ...(j.salaryMax !== null ? { maxValue: j.salaryMax } : {}),
        unitText: 'YEAR',
      },
    };
  }
  return ld;
}
