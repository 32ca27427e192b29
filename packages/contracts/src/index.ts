// First: the zod configuration (people-facing wording, no JIT) every schema below is built under.
import './zod.js';

export * from './admin.js';
export * from './auth.js';
export * from './calendar.js';
export * from './committees.js';
export * from './common.js';
export * from './countries.js';
export * from './directory.js';
export * from './errors.js';
export * from './files.js';
export * from './jobs.js';
export * from './labels.js';
export * from './locales.js';
export * from './mail.js';
export * from './membership.js';
export * from './messages.js';
export * from './profile.js';
export * from './reports.js';
export * from './settings.js';
export * from './spotlights.js';
