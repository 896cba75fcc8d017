// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** it.only / it.skip and friends must never be committed: a skipped test cannot fail. */
const focusedOrSkipped = ['describe', 'it', 'test'].flatMap((object) =>
  ['only', 'skip'].map((property) => ({ object, property, message: `${object}.${property} must not be committed.` })),
);

/** Only the policy compiler issues a ReleasedPayload (see src/policy/released-payload.ts). */
const issueOutsideCompiler = {
  selector: "CallExpression[callee.type='MemberExpression'][callee.object.name='ReleasedPayload'][callee.property.name='issue']",
  message: 'Only src/policy/policy.compiler.ts issues a ReleasedPayload: go through the policy compiler.',
};

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', '**/*.js', '**/*.cjs', '**/*.mjs'],
  },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-properties': ['error', ...focusedOrSkipped],
      'no-restricted-globals': [
        'error',
        ...['fit', 'fdescribe', 'xit', 'xdescribe', 'xtest'].map((name) => ({ name, message: `${name} must not be committed.` })),
      ],
    },
  },
  {
    // The canonical model, the policies and the mappings are typed through and through.
    files: ['src/domain/**/*.ts', 'src/policy/**/*.ts', 'src/mapping/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts', 'src/policy/policy.compiler.ts', 'src/policy/released-payload.ts'],
    rules: { 'no-restricted-syntax': ['error', issueOutsideCompiler] },
  },
  {
    // Tests: jest matchers, mocks and supertest bodies are loosely typed; floating promises still fail.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.conformance-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      // Tests stringify on purpose, e.g. to prove that a secret prints redacted.
      '@typescript-eslint/restrict-template-expressions': 'off',
      // Assertions on parsed bodies and generic helpers document the expected shape; a redundant one is harmless here.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
);
