/**
 * Loans and returns at a self-service machine, registered at the lending system while the machine
 * waits. A loan is a disclosure (the member and the item, released by the lending system's policy);
 * a return names only the item, and what the lending system answers about a return never names a member.
 */

export type { CirculationRefusal, LoanOutcome, RegisteredLoan, RegisteredReturn, ReturnOutcome } from '../../mapping/circulation-outcome';
