/** The source of "now" for everything time-dependent, injected so tests control time. */
export type Clock = () => Date;

/** The wall clock. */
export const systemClock: Clock = () => new Date();
