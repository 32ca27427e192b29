// Import boundaries, checked in CI by `npm run lint:boundaries` (ADR 015).
// A module in apps/api/src/modules/<area>/ is used by everything outside it only through its
// front door, modules/<area>/index.ts; routers never reach a repository; nothing imports in a cycle.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'An import cycle couples two files both ways; break it (usually by moving the shared piece).',
      severity: 'error',
      from: {},
      // A cycle counts only when every import in it runs (type-only imports are erased at build time).
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'module-front-door',
      comment:
        "Another module's files are reached only through its index.ts (its front door); its repository and internals are its own.",
      severity: 'error',
      from: { path: '^apps/api/src/modules/([^/]+)/' },
      to: {
        path: '^apps/api/src/modules/[^/]+/',
        pathNot: ['^apps/api/src/modules/$1/', '^apps/api/src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'app-uses-front-doors',
      comment:
        'The server, tRPC root, worker and other wiring outside modules/ use a module only through its index.ts.',
      severity: 'error',
      from: { path: '^apps/api/src/', pathNot: '^apps/api/src/modules/' },
      to: { path: '^apps/api/src/modules/[^/]+/', pathNot: '^apps/api/src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'routers-never-call-repositories',
      comment: 'router -> service -> repository: a router asks its service, never the SQL.',
      severity: 'error',
      from: { path: '\\.(router|routes)\\.ts$' },
      to: { path: '\\.repository\\.ts$' },
    },
    {
      name: 'web-never-imports-the-server',
      comment: 'The web app imports only @societas/contracts and the router type, never server code.',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { path: '^(apps/api|packages/db)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
