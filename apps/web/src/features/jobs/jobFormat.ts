import {
  CAREER_STAGE_LABELS,
  type CareerStage,
  countryName,
  POSITION_TYPE_LABELS,
  type PositionType,
  SECTOR_LABELS,
  type Sector,
  WORKPLACE_LABELS,
  type Workplace,
} from '@societas/contracts';
import { formatLocale } from '../../lib/locale';

export const positionLabel = (v: string) => POSITION_TYPE_LABELS[v as PositionType] ?? v;
export const sectorLabel = (v: string) => SECTOR_LABELS[v as Sector] ?? v;
export const workplaceLabel = (v: string) => WORKPLACE_LABELS[v as Workplace] ?? v;
export const careerStageLabel = (v: string) => CAREER_STAGE_LABELS[v as CareerStage] ?? v;

export function locationLabel(j: { city: string; countryCode: string; workplace: string }) {
  const place = [j.city, countryName(j.countryCode)].filter(Boolean).join(', ');
  return j.workplace === 'on_site' ? place : `${place} · ${workplaceLabel(j.workplace)}`;
}

export function salaryLabel(j: {
  salaryMin: number | null;
  salaryMax: number | null;
  salaryCurrency: string | null;
}) {
  if (!j.salaryCurrency || (j.salaryMin === null && j.salaryMax === null)) return null;
  const fmt = new Intl.NumberFormat(formatLocale(), {
    style: 'currency',
    currency: j.salaryCurrency,
    maximumFractionDigits: 0,
  });
  if (j.salaryMin !== null && j.salaryMax !== null && j.salaryMin !== j.salaryMax)
    return `${fmt.format(j.salaryMin)} – ${fmt.format(j.salaryMax)} a year`;
  return `${fmt.format((j.salaryMin ?? j.salaryMax)!)} a year`;
}
