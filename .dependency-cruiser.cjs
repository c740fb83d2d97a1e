// Import boundaries of src/ (npm run lint). Tests are left out: they may reach whatever they exercise.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-isomorphic',
      comment: 'src/shared runs in browsers too: no Node built-ins, nothing of the Node-side folders or the SDK.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(server|store|cli|config|client)/' },
    },
    {
      name: 'shared-no-node-builtins',
      comment: 'src/shared runs in browsers too: no Node built-ins.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'client-only-shared',
      comment: 'The SDK runs in browsers: of src/ it imports only src/shared.',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/', pathNot: '^src/(client|shared)/' },
    },
    {
      name: 'client-no-node-builtins',
      comment: 'The SDK runs in browsers: no Node built-ins.',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-packages',
      comment: 'src/shared and src/client run in browsers: npm packages known to work there only (extend the list after checking).',
      severity: 'error',
      from: { path: '^src/(shared|client)/' },
      to: { path: '^node_modules/', pathNot: '^node_modules/(@sinclair/typebox|hash-wasm)/' },
    },
    {
      name: 'sdk-one-entry-point',
      comment: 'Applications (the CLI, later the web app) use the SDK through src/client/index.ts; the modules behind it may move.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/client/' },
      to: { path: '^src/client/', pathNot: '^src/client/index\\.ts$' },
    },
    {
      name: 'operations-domains-apart',
      comment: 'An operation folder does not reach into another domain; shared code belongs in the domain layer.',
      severity: 'error',
      from: { path: '^src/server/operations/([^/]+)/' },
      to: { path: '^src/server/operations/([^/]+)/', pathNot: '^src/server/operations/$1/' },
    },
    {
      name: 'tasks-not-operations',
      comment: 'Tasks share code with operations through the domain layer, not by importing operations.',
      severity: 'error',
      from: { path: '^src/server/tasks/' },
      to: { path: '^src/server/operations/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules that import each other, directly or through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders that import each other, directly or through others.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
