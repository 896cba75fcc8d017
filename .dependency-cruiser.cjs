/**
 * Architecture boundaries of the gateway (run by `npm run arch`). Each rule says why it exists;
 * a violation names the importing file and the imported one.
 */

// A framework package, resolved under node_modules or (when not installed) by its bare name.
const FRAMEWORK = '(^|/)node_modules/(@nestjs|typeorm|fastify|@fastify)/|^(@nestjs/|typeorm|fastify|@fastify/)';
// A transport: the HTTP, SOAP, XML and TCP libraries that actually talk to partners.
const TRANSPORT = '(^|/)node_modules/(axios|soap|xml2js)/|^(axios|soap|xml2js)(/|$)|^(node:)?net$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports: if two modules need each other, the boundary is wrong (no forwardRef papering).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment: 'src/domain is the canonical model: plain TypeScript, no framework, no other src folder.',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!domain/)' },
    },
    {
      name: 'domain-is-framework-free',
      severity: 'error',
      comment: 'src/domain must be usable and testable without Nest, TypeORM or Fastify.',
      from: { path: '^src/domain/' },
      to: { path: FRAMEWORK },
    },
    {
      name: 'policy-is-framework-free',
      severity: 'error',
      comment:
        'src/policy is plain TypeScript; only its Nest wiring (modules, services, controllers, entities, the seeder ' +
        'run at bootstrap) and its TypeORM migrations touch the framework.',
      from: {
        path: '^src/policy/',
        pathNot: ['\\.(module|service|controller|entity|seeder)(\\.spec)?\\.ts$', '^src/policy/migrations/'],
      },
      to: { path: FRAMEWORK },
    },
    {
      name: 'connectors-are-isolated',
      severity: 'error',
      comment:
        'A connector folder holds everything about one partner and never imports another partner. ' +
        'src/connectors/sdk/ is not a partner: the interface every connector implements, open to all of them.',
      from: { path: '^src/connectors/([^/]+)/' },
      to: { path: '^src/connectors/([^/]+)/', pathNot: ['^src/connectors/$1/', '^src/connectors/sdk/'] },
    },
    {
      name: 'transports-only-at-the-edge',
      severity: 'error',
      comment:
        'Only connectors, sandboxes and mapping codecs use a transport (axios, soap, xml2js, net). Tests may ' +
        '(a spec reads the port of a loopback server), as test/ does, and so may a type-only import.',
      from: { path: '^src/', pathNot: ['^src/(connectors|sandbox|mapping)/', '\\.spec\\.ts$'] },
      to: { path: TRANSPORT, dependencyTypesNot: ['type-only', 'pre-compilation-only'] },
    },
    {
      name: 'codecs-know-no-connector',
      severity: 'error',
      comment: 'src/mapping holds pure codecs: they know no transport and no connector (their errors and outcome types live in src/errors and src/mapping).',
      from: { path: '^src/mapping/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/connectors/' },
    },
    {
      name: 'production-does-not-reach-the-sandbox',
      severity: 'error',
      comment:
        'The simulated partners are composed in by the application (src/app.module.ts wires SandboxModule); product code never imports them. Specs may.',
      from: { path: '^src/', pathNot: ['^src/sandbox/', '^src/app\\.module\\.ts$', '\\.spec\\.ts$'] },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'src-does-not-import-test',
      severity: 'error',
      comment:
        'Product code never depends on tests, factories or fixtures. Unit specs beside the code are tests ' +
        'themselves and may use the shared factories under test/factories (CONVENTIONS: factories live in test/).',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.d.ts', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
