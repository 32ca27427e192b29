/**
 * Value lists and their labels, without zod: the web app's first chunk (home page, shell) shows
 * some of these, and a module that builds schemas would bring zod into it (ADR 017). The schemas
 * built from these lists live beside their procedures (jobs.ts, profile.ts).
 */

export const CAREER_STAGES = [
  'student',
  'postdoc',
  'early_career',
  'mid_career',
  'senior',
  'industry',
  'emeritus',
  'non_scientist',
] as const;
export type CareerStage = (typeof CAREER_STAGES)[number];
export const CAREER_STAGE_LABELS: Record<CareerStage, string> = {
  student: 'Student',
  postdoc: 'Postdoc',
  early_career: 'Early-career researcher',
  mid_career: 'Mid-career researcher',
  senior: 'Senior researcher / PI',
  industry: 'Industry scientist',
  emeritus: 'Emeritus',
  non_scientist: 'Non-scientist (associate)',
};

export const POSITION_TYPES = [
  'faculty',
  'postdoc',
  'phd',
  'staff_scientist',
  'industry_rd',
  'technician',
  'other',
] as const;
export type PositionType = (typeof POSITION_TYPES)[number];
export const POSITION_TYPE_LABELS: Record<PositionType, string> = {
  faculty: 'Faculty',
  postdoc: 'Postdoc',
  phd: 'PhD studentship',
  staff_scientist: 'Staff scientist',
  industry_rd: 'Industry R&D',
  technician: 'Technician',
  other: 'Other',
};
export const SECTORS = ['academia', 'industry', 'non_profit', 'government'] as const;
export type Sector = (typeof SECTORS)[number];
export const SECTOR_LABELS: Record<Sector, string> = {
  academia: 'Academia',
  industry: 'Industry',
  non_profit: 'Non-profit',
  government: 'Government',
};
export const WORKPLACES = ['on_site', 'hybrid', 'remote'] as const;
export type Workplace = (typeof WORKPLACES)[number];
export const WORKPLACE_LABELS: Record<Workplace, string> = {
  on_site: 'On-site',
  hybrid: 'Hybrid',
  remote: 'Remote',
};
