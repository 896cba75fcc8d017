import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_CATEGORIES, TOP_LEVEL_CATEGORY } from './data-category';
import { catalogField, FIELD_CATALOG, leafPathsUnder, modelNode, suggestPath } from './field-catalog';

interface ContractNode {
  type?: string;
  enum?: string[];
  format?: string;
  $ref?: string;
  properties?: Record<string, ContractNode>;
  items?: ContractNode;
  required?: string[];
}

const contract = JSON.parse(readFileSync(join(__dirname, '..', '..', 'contracts', 'member.schema.json'), 'utf8')) as ContractNode & { $defs: Record<string, ContractNode> };
const deref = (node: ContractNode): ContractNode => (node.$ref === undefined ? node : (contract.$defs[node.$ref.split('/').pop() ?? ''] ?? {}));

/** Every path of the contract, walked independently of the model: [path, is leaf]. */
function contractPaths(): Array<[string, boolean]> {
  const out: Array<[string, boolean]> = [];
  const walk = (properties: Record<string, ContractNode>, prefix: string): void => {
    for (const [key, raw] of Object.entries(properties)) {
      const node = deref(raw);
      const element = node.type === 'array' ? deref(node.items ?? {}) : node;
      const path = `${prefix}${key}${node.type === 'array' ? '[]' : ''}`;
      out.push([path, element.properties === undefined]);
      if (element.properties !== undefined) walk(element.properties, `${path}.`);
    }
  };
  walk(contract.properties ?? {}, '');
  return out;
}

describe('field catalog', () => {
  it('holds exactly the paths of the contract, leaves and objects alike, in schema order', () => {
    expect(FIELD_CATALOG.map((f) => [f.path, f.leaf])).toEqual(contractPaths());
  });

  it('gives every catalog path a data category, the one of its top-level field', () => {
    for (const field of FIELD_CATALOG) {
      expect(DATA_CATEGORIES).toContain(field.category);
      const top = field.path.split(/[.[]/)[0] ?? '';
      expect(field.category).toBe(TOP_LEVEL_CATEGORY[top]);
    }
  });

  it('has a category for every top-level field of the contract and none for a field it lacks', () => {
    expect(Object.keys(TOP_LEVEL_CATEGORY).sort()).toEqual(Object.keys(contract.properties ?? {}).sort());
  });

  it.each([
    ['name.lastName', 'identity'],
    ['addresses[].postalCode', 'contact'],
    ['bankAccount.iban', 'financial'],
    ['fees[].amountCents', 'financial'],
    ['loans[].title', 'circulation'],
    ['interests[]', 'preference'],
    ['consents.loanHistory.granted', 'consent'],
  ])('puts %s in category %s', (path, category) => {
    expect(catalogField(path)?.category).toBe(category);
  });

  it('describes kinds, lists, requiredness and enum values', () => {
    expect(catalogField('birthDate')).toMatchObject({ kind: 'date', leaf: true, repeated: false, inArray: false, required: false });
    expect(catalogField('consents.newsletter.on')).toMatchObject({ kind: 'date-time', leaf: true, inArray: false });
    expect(catalogField('consents.newsletter.granted')).toMatchObject({ kind: 'boolean', leaf: true });
    expect(catalogField('balanceCents')).toMatchObject({ kind: 'integer', leaf: true });
    expect(catalogField('addresses[]')).toMatchObject({ kind: 'object', leaf: false, repeated: true, inArray: true });
    expect(catalogField('addresses[].postalCode')).toMatchObject({ kind: 'string', leaf: true, repeated: false, inArray: true, required: true });
    expect(catalogField('interests[]')).toMatchObject({ kind: 'string', leaf: true, repeated: true, inArray: true });
    expect(catalogField('name')).toMatchObject({ kind: 'object', leaf: false, required: true });
    expect(catalogField('name.lastName')?.required).toBe(true);
    expect(catalogField('name.prefix')?.required).toBe(false);
    expect(catalogField('gender')?.enumValues).toEqual(['M', 'V', 'X']);
    expect(catalogField('holds[].status')?.enumValues).toEqual(['active', 'in-transport', 'ready', 'loaned', 'cancelled']);
    expect(catalogField('consents.directDebit')).toMatchObject({ kind: 'object', leaf: false });
  });

  it('knows no path outside the contract, prototype names included', () => {
    for (const path of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'name.__proto__', 'addresses', 'addresses.postalCode', 'loans[].isbn', 'name[]', '']) {
      expect(catalogField(path)).toBeUndefined();
      expect(modelNode(path)).toBeUndefined();
    }
  });
});

describe('leafPathsUnder', () => {
  it('lists the leaves under an object path, in schema order', () => {
    expect(leafPathsUnder('name')).toEqual(['name.firstNames', 'name.initials', 'name.prefix', 'name.lastName']);
    expect(leafPathsUnder('consents')).toEqual([
      'consents.directDebit.granted',
      'consents.directDebit.on',
      'consents.newsletter.granted',
      'consents.newsletter.on',
      'consents.researchPanel.granted',
      'consents.researchPanel.on',
      'consents.loanHistory.granted',
      'consents.loanHistory.on',
    ]);
    expect(leafPathsUnder('fees[]')).toEqual(['fees[].feeId', 'fees[].on', 'fees[].description', 'fees[].amountCents', 'fees[].status']);
  });

  it('gives a leaf itself, and nothing for an unknown path', () => {
    expect(leafPathsUnder('email')).toEqual(['email']);
    expect(leafPathsUnder('interests[]')).toEqual(['interests[]']);
    expect(leafPathsUnder('addresses')).toEqual([]);
    expect(leafPathsUnder('__proto__')).toEqual([]);
  });

  it('covers exactly the leaf paths of the catalog from the top-level fields', () => {
    const topLevel = FIELD_CATALOG.filter((f) => !f.path.includes('.'));
    expect(topLevel.flatMap((f) => leafPathsUnder(f.path))).toEqual(FIELD_CATALOG.filter((f) => f.leaf).map((f) => f.path));
  });
});

describe('suggestPath', () => {
  it.each([
    ['addresses', 'addresses[]'],
    ['addresses.postalCode', 'addresses[].postalCode'],
    ['loans.title', 'loans[].title'],
    ['interests', 'interests[]'],
    ['Name.LastName', 'name.lastName'],
    ['name.lastname', 'name.lastName'],
  ])('suggests %s → %s', (wrong, right) => {
    expect(suggestPath(wrong)).toBe(right);
  });

  it('suggests nothing when nothing is close', () => {
    expect(suggestPath('shoeSize')).toBeUndefined();
    expect(suggestPath('__proto__')).toBeUndefined();
  });
});
