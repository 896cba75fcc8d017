import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { DEFAULT_SCHEMA, load, YAMLException } from 'js-yaml';
import { GatewayError } from '../errors/gateway-error';
import { PolicyDocument } from './policy.document';
import { validatePolicyDocument } from './policy.validator';

/** One default policy read from a file of the policies directory. */
export interface LoadedPolicy {
  readonly partner: string;
  /** Absolute path of the file the document came from. */
  readonly file: string;
  readonly document: PolicyDocument;
}

export interface PolicyFileProblem {
  /** Path inside the document ('purposes[0].fields[2].path'), '' for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

/** A policy file that cannot be used; names the file and each offending path inside it. */
export class PolicyFileInvalid extends GatewayError {
  constructor(
    readonly file: string,
    readonly problems: readonly PolicyFileProblem[],
  ) {
    super(
      'POLICY_FILE_INVALID',
      `policy file ${file} is not valid: ${problems.map((p) => `${p.path || '(file)'}: ${p.message}`).join('; ')}`,
      422,
      { file, violations: problems },
    );
    this.name = 'PolicyFileInvalid';
  }
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * YAML's DEFAULT_SCHEMA (safe in js-yaml 4: no JS types) reads an unquoted `2024-01-01` as a Date;
 * the contract wants the text. A plain date comes back as 'YYYY-MM-DD'; a date-time keeps its full
 * ISO form, so the contract's `format: date` refuses it with the path named.
 */
function datesAsText(value: unknown): unknown {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map(datesAsText);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      Object.defineProperty(out, key, { value: datesAsText(child), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function yamlProblem(error: unknown): PolicyFileProblem {
  if (error instanceof YAMLException) {
    const mark = error.mark as YAMLException['mark'] | undefined;
    const line = mark === undefined ? '' : ` (line ${mark.line + 1}, column ${mark.column + 1})`;
    return { path: '', message: `malformed YAML: ${error.reason}${line}` };
  }
  return { path: '', message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` };
}

/** Parses one file's text; duplicate keys are refused in YAML and JSON alike. */
function parse(file: string, text: string): unknown {
  const json = extname(file).toLowerCase() === '.json';
  let parsed: unknown;
  if (json) {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new PolicyFileInvalid(file, [{ path: '', message: `malformed JSON: ${error instanceof Error ? error.message : String(error)}` }]);
    }
  }
  let yaml: unknown;
  try {
    // JSON is YAML: js-yaml's reader (json: false) refuses a duplicated key that JSON.parse would let win.
    yaml = load(text, { schema: DEFAULT_SCHEMA, filename: file, json: false });
  } catch (error) {
    throw new PolicyFileInvalid(file, [yamlProblem(error)]);
  }
  return json ? parsed : datesAsText(yaml);
}

/** Reads, parses and validates one policy file; the partner must match the file's name. */
export function loadPolicyFile(file: string): LoadedPolicy {
  const absolute = resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new PolicyFileInvalid(absolute, [yamlProblem(error)]);
  }
  const raw = parse(absolute, text);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PolicyFileInvalid(absolute, [{ path: '', message: 'must hold one policy document (a mapping), not an empty file, a list or a scalar' }]);
  }
  const validation = validatePolicyDocument(raw);
  if (!validation.ok) throw new PolicyFileInvalid(absolute, validation.violations);
  const expected = basename(absolute, extname(absolute));
  if (validation.document.partner !== expected) {
    throw new PolicyFileInvalid(absolute, [
      { path: 'partner', message: `is '${validation.document.partner}' but the file is named after '${expected}'` },
    ]);
  }
  return { partner: expected, file: absolute, document: validation.document };
}

/**
 * Loads every `*.yaml`, `*.yml` and `*.json` file of a directory (not recursive; other files and
 * dot-files are ignored) as one partner's default sharing policy, sorted by partner. Throws
 * {@link PolicyFileInvalid} for the first file that is malformed, violates the contract or the field
 * catalog, or is named after another partner, and when two files hold the same partner.
 */
export function loadPolicyDirectory(dir: string): LoadedPolicy[] {
  const absolute = resolve(dir);
  let names: string[];
  try {
    names = readdirSync(absolute);
  } catch (error) {
    throw new GatewayError('POLICY_DIRECTORY_UNREADABLE', `policy directory ${absolute} cannot be read: ${error instanceof Error ? error.message : String(error)}`, 500);
  }
  const files = names
    .filter((name) => !name.startsWith('.') && EXTENSIONS.has(extname(name).toLowerCase()))
    .map((name) => join(absolute, name))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true)
    .sort();
  const byPartner = new Map<string, LoadedPolicy>();
  for (const file of files) {
    const loaded = loadPolicyFile(file);
    const earlier = byPartner.get(loaded.partner);
    if (earlier !== undefined) {
      throw new PolicyFileInvalid(file, [{ path: 'partner', message: `'${loaded.partner}' is already defined by ${earlier.file}` }]);
    }
    byPartner.set(loaded.partner, loaded);
  }
  return [...byPartner.values()].sort((a, b) => (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0));
}
