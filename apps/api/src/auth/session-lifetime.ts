export const DAY = 24 * 60 * 60;

/** Sessions slide for 7 idle days; absolute lifetime enforced in the tRPC context (30 days). */
export const SESSION_IDLE_SECONDS = 7 * DAY;
export const SESSION_ABSOLUTE_SECONDS = 30 * DAY;
