/**
 * Whether a database error says a row with the same unique key exists already (PostgreSQL's 23505,
 * SQLite's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY), as TypeORM passes the driver's error on.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, driverError } = error as { code?: unknown; driverError?: unknown };
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  return driverError !== undefined && driverError !== error && isUniqueViolation(driverError);
}
