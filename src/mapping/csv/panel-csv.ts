import { ReleasedFields } from '../../policy/released-payload';
import { CsvValue } from './csv-writer';

/** One column of the panel's file: a released path and how it left (`birthDate:age-band`). */
export interface PanelColumn {
  readonly path: string;
  readonly transform: string;
}

/** The header name of a column: the path, and the transform when it is not a copy. */
export function columnName(column: PanelColumn): string {
  return column.transform === 'copy' ? column.path : `${column.path}:${column.transform}`;
}

/** The value at a catalog path of released fields; a list's values joined with ';' (several postcodes). */
export function valueAt(fields: ReleasedFields, path: string): CsvValue {
  const values = collect(fields, path.split('.'));
  if (values.length === 0) return undefined;
  const plain = values.filter((value): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value));
  if (plain.length === 1 && !path.includes('[]')) return plain[0];
  return plain.map(String).join(';');
}

function collect(value: unknown, steps: readonly string[]): unknown[] {
  if (value === undefined || value === null) return [];
  if (steps.length === 0) return [value];
  const [step, ...rest] = steps as [string, ...string[]];
  const repeated = step.endsWith('[]');
  const key = repeated ? step.slice(0, -2) : step;
  const next = (value as Record<string, unknown>)[key];
  if (!repeated) return collect(next, rest);
  return Array.isArray(next) ? next.flatMap((element) => collect(element, rest)) : [];
}
