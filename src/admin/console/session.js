// Who is signed in (GET /api/v1/console/session), shared by the shell and the pages.

export const session = { me: null };

/** Only officers write and approve; the server enforces it, the page just does not offer it to others. */
export const isOfficer = () => session.me !== null && session.me.roles.includes('officer');
/** Operators run the connections (an initial synchronisation); they read none of the officer's pages. */
export const isOperator = () => session.me !== null && session.me.roles.includes('operator');
export const home = () => (session.me !== null && !session.me.roles.some((role) => role === 'officer' || role === 'auditor') ? '#sync' : '#partners');

let onExpired = () => {};

/** The shell says what to do when the session has ended under a page (a 401): show the sign-in. */
export function whenExpired(handler) {
  onExpired = handler;
}

export function expired() {
  session.me = null;
  onExpired();
}
