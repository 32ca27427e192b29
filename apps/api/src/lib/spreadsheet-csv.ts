import type { Options } from 'csv-stringify';

/**
 * A cell a spreadsheet would run as a formula (a leading =, +, -, @, tab or carriage return: CSV
 * injection) is written as text, with a leading apostrophe. Every CSV the portal writes (report
 * exports, committee rosters) goes through this one guard.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * csv-stringify options shared by every CSV download: a UTF-8 byte order mark, so Excel reads
 * accented names (Müller, Ó Súilleabháin) as UTF-8 rather than the ANSI code page, a header row,
 * and formula-looking cells neutralised.
 */
export function spreadsheetCsvOptions(columns: Array<{ key: string; header: string }>): Options {
  return { bom: true, header: true, columns, cast: { string: neutraliseFormula } };
}
