// Lint: type-aware typescript-eslint, Nx module boundaries, no import cycles. Run with --max-warnings 0.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import importX from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const allowedByType = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:feature',
      'type:engine',
      'type:data-access',
      'type:contracts',
      'type:domain',
      'type:stats',
      'type:platform',
      'type:migrations',
    ],
  },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: [
      'type:engine',
      'type:data-access',
      'type:contracts',
      'type:domain',
      'type:stats',
      'type:platform',
    ],
  },
  // Computation without servers or databases (the drift statistics): shared by the CLI and the server features.
  { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:stats'] },
  {
    sourceTag: 'type:data-access',
    onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:stats', 'type:migrations'],
  },
  { sourceTag: 'type:migrations', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain', 'type:stats'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:stats', onlyDependOnLibsWithTags: [] },
  // The CLI never touches the database: no persistence, no Nest feature libs.
  {
    sourceTag: 'type:cli',
    onlyDependOnLibsWithTags: [
      'type:contracts',
      'type:domain',
      'type:stats',
      'type:data-access',
      'type:feature',
      'type:engine',
    ],
  },
  // …and of those, never the database layer nor a feature lib that reaches it (registry is server-side).
  { sourceTag: 'type:cli', notDependOnLibsWithTags: ['scope:database', 'scope:registry'] },
  {
    sourceTag: 'type:tools',
    onlyDependOnLibsWithTags: [
      'type:app',
      'type:feature',
      'type:engine',
      'type:data-access',
      'type:contracts',
      'type:domain',
      'type:stats',
      'type:platform',
      'type:migrations',
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'coverage/**',
      'tmp/**',
      '.vigil/**',
      '.nx/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx, 'import-x': importX },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: allowedByType },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
    },
    settings: {
      'import-x/resolver-next': [],
    },
  },
  {
    // Nest resolves constructor parameters from emitted type metadata, so injected classes must stay value imports.
    files: [
      'apps/registry/**/*.ts',
      'libs/registry/**/*.ts',
      'libs/platform/**/*.ts',
      'libs/persistence/**/*.ts',
      'libs/storage/**/*.ts',
    ],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/stats/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'fs', 'node:*'],
              message: 'domain and stats are pure: no framework, no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts', 'tools/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);
