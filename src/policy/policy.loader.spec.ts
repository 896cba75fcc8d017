import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { dump } from 'js-yaml';
import { loadPolicyDirectory, PolicyFileInvalid } from './policy.loader';

const POLICIES_DIR = join(__dirname, '..', '..', 'policies');
const PARTNERS = ['appguard', 'bank', 'bibliotheca', 'biebpanel', 'hka', 'ibl', 'kb', 'newsletter', 'overijssel'];

function minimalPolicy(partner: string): Record<string, unknown> {
  return {
    partner,
    displayName: `Test ${partner}`,
    relationship: 'processor',
    agreement: { reference: 'TEST-2024-01', validFrom: '2024-01-01' },
    purposes: [{ id: 'lending', description: 'Uitlenen', legalBasis: 'contract', fields: [{ path: 'cardNumber' }] }],
  };
}

/** Runs the loader and returns what it threw; fails the test when it did not throw. */
function refusal(dir: string): PolicyFileInvalid {
  try {
    loadPolicyDirectory(dir);
  } catch (error) {
    if (error instanceof PolicyFileInvalid) return error;
    throw error;
  }
  throw new Error(`expected ${dir} to be refused`);
}

describe('loadPolicyDirectory on policies/', () => {
  const loaded = loadPolicyDirectory(POLICIES_DIR);

  it('loads one valid document for each partner of the design', () => {
    expect(loaded.map((p) => p.partner)).toEqual(PARTNERS);
  });

  it('takes each partner from the document and matches it to the file name', () => {
    for (const policy of loaded) {
      expect(policy.document.partner).toBe(policy.partner);
      expect(basename(policy.file, extname(policy.file))).toBe(policy.partner);
    }
  });
});

describe('loadPolicyDirectory on bad files', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policies-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('loads .yaml, .yml and .json and ignores other files', () => {
    write('kb.yaml', dump(minimalPolicy('kb')));
    write('hka.yml', dump(minimalPolicy('hka')));
    write('bank.json', JSON.stringify(minimalPolicy('bank'), null, 2));
    write('README.md', '# not a policy');
    write('.draft.yaml', 'not: [valid');
    expect(loadPolicyDirectory(dir).map((p) => p.partner)).toEqual(['bank', 'hka', 'kb']);
  });

  it('reads unquoted YAML dates as the text the contract wants', () => {
    write('kb.yaml', dump(minimalPolicy('kb')).replace("validFrom: '2024-01-01'", 'validFrom: 2024-01-01'));
    const [policy] = loadPolicyDirectory(dir);
    expect(policy?.document.agreement.validFrom).toBe('2024-01-01');
  });

  it('names the file and the path of an unknown field', () => {
    const policy = minimalPolicy('kb');
    policy.purposes = [{ id: 'lending', description: 'Uitlenen', legalBasis: 'contract', fields: [{ path: 'cardNumber' }, { path: 'adress' }] }];
    const file = write('kb.yaml', dump(policy));
    const error = refusal(dir);
    expect(error.code).toBe('POLICY_FILE_INVALID');
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.problems).toEqual([expect.objectContaining({ path: 'purposes[0].fields[1].path' })]);
    expect(error.message).toContain("purposes[0].fields[1].path: unknown field path 'adress'");
  });

  it('names the path of a contract violation', () => {
    const policy = minimalPolicy('kb');
    policy.relationship = 'friend';
    write('kb.json', JSON.stringify(policy));
    expect(refusal(dir).problems.map((p) => p.path)).toEqual(['relationship']);
  });

  it('refuses a document whose partner is not the file name', () => {
    const file = write('kb.yaml', dump(minimalPolicy('hka')));
    const error = refusal(dir);
    expect(error.file).toBe(file);
    expect(error.problems).toEqual([{ path: 'partner', message: "is 'hka' but the file is named after 'kb'" }]);
  });

  it('refuses malformed YAML, naming the file and the line', () => {
    const file = write('kb.yaml', 'partner: kb\npurposes: [\n  - id: lending\n');
    const error = refusal(dir);
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/malformed YAML: .*\(line \d+, column \d+\)/);
  });

  it('refuses malformed JSON', () => {
    write('kb.json', '{"partner": "kb",');
    expect(refusal(dir).message).toContain('malformed JSON');
  });

  it('refuses a duplicated key in YAML', () => {
    write('kb.yaml', `${dump(minimalPolicy('kb'))}partner: hka\n`);
    expect(refusal(dir).message).toContain('duplicated mapping key');
  });

  it('refuses a duplicated key in JSON, which JSON.parse alone would let pass', () => {
    write('kb.json', JSON.stringify(minimalPolicy('kb')).replace('{"partner":"kb",', '{"partner":"kb","partner":"kb",'));
    expect(refusal(dir).message).toContain('duplicated mapping key');
  });

  it('refuses JavaScript types: the schema is the safe one', () => {
    write('kb.yaml', `${dump(minimalPolicy('kb'))}x: !!js/function 'function () { return 1 }'\n`);
    expect(refusal(dir).message).toContain('malformed YAML');
  });

  it('refuses an empty file and a file holding a list', () => {
    write('kb.yaml', '');
    expect(refusal(dir).problems[0]?.message).toContain('must hold one policy document');
    rmSync(join(dir, 'kb.yaml'));
    write('kb.yaml', dump([minimalPolicy('kb')]));
    expect(refusal(dir).problems[0]?.message).toContain('must hold one policy document');
  });

  it('refuses two files for the same partner', () => {
    write('kb.yaml', dump(minimalPolicy('kb')));
    write('kb.json', JSON.stringify(minimalPolicy('kb')));
    const error = refusal(dir);
    expect(error.problems[0]?.message).toContain('already defined by');
  });

  it('refuses a directory that does not exist', () => {
    expect(() => loadPolicyDirectory(join(dir, 'missing'))).toThrow(/cannot be read/);
  });
});
