import { LOCALES } from './labels.js';
import { z } from './zod.js';

export const localeSchema = z.enum(LOCALES, { message: 'Choose English, Spanish or Japanese' });

export const setLocaleInput = z.object({ locale: localeSchema });
export type SetLocaleInput = z.input<typeof setLocaleInput>;
