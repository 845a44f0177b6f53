/** Starts the console line written when a page fails to draw: the e2e fixture fails the test that caused one. */
export const PAGE_FAILED = '[page failed to draw]';
