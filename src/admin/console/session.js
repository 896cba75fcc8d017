// Who is signed in (GET /api/v1/console/session), shared by the shell and the pages.

export const session = { me: null };

/** Only officers write and approve; the server enforces it, the page just does not offer it to others. */
export const isOfficer = () => session.me !== null && session.me.roles.includes('officer');
/** Operators run the connections (an initial synchronisation); they read none of the officer's pages. */
export const isOperator = () => session.me !== null && session.me.roles.includes('operator');
/** Where a sign-in lands: an officer on what waits for them, an auditor on the partners, an operator on the synchronisation. */
export const home = () => {
  if (session.me === null) return '#partners';
  if (session.me.roles.includes('officer')) return '#todo';
  return session.me.roles.includes('auditor') ? '#partners' : '#sync';
};

let onExpired = () => {};
let onChanged = () => {};

/** The shell says what follows a change made on a page (the menu counts again what waits for review). */
export function whenChanged(handler) {
  onChanged = handler;
}

/** A page made a change (a draft, a decision, an order): whatever else shows it is brought up to date. */
export function changed() {
  onChanged();
}

/** The shell says what to do when the session has ended under a page (a 401): show the sign-in. */
export function whenExpired(handler) {
  onExpired = handler;
}

export function expired() {
  session.me = null;
  onExpired();
}

let leaveGuard = null;

/**
 * A page that holds something the officer would lose by leaving (a one-time export not printed yet) sets a
 * guard: an async question that resolves true when leaving is fine. The shell asks it before any in-app
 * navigation; the browser's own warning (beforeunload) covers closing or reloading the tab.
 */
export function setLeaveGuard(guard) {
  leaveGuard = guard;
}

export function currentLeaveGuard() {
  return leaveGuard;
}

/** Whether the page may be left: true without a guard, else what the guard answers (then cleared). */
export async function mayLeave() {
  if (leaveGuard === null) return true;
  const ok = await leaveGuard();
  if (ok) leaveGuard = null;
  return ok;
}
