import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// One CSV writer (functions/core/exports/csv.ts), so every CSV the hub writes neutralises formulas.
const csvWriter = ['csv-stringify', 'csv-stringify/*'];
const corePurity = ['@aws-sdk/*', 'hono', 'hono/*', '@hono/*', 'node:fs', 'node:http', '../adapters/*', '../../adapters/*', '../api/*', '../../api/*'];

export default tseslint.config(
  { files: ['site/astro.config.mjs'], languageOptions: { globals: { process: 'readonly' } } },
  { ignores: ['node_modules/', 'dist/', 'cdk.out/', 'site/dist/', 'site/.astro/', '.data/', 'reports/', '**/*.astro'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The domain stays pure: no AWS SDK, no Hono, no I/O.
    files: ['functions/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...corePurity, ...csvWriter] }] },
  },
  {
    // Every log line goes through logLine, whose fields and scrubbing keep addresses and secrets out.
    files: ['functions/core/**/*.ts', 'functions/adapters/**/*.ts', 'functions/api/**/*.ts', 'functions/handlers/**/*.ts'],
    ignores: ['functions/core/privacy/log-line.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Only adapters talk to AWS.
    files: ['functions/api/**/*.ts', 'functions/handlers/**/*.ts', 'site/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@aws-sdk/*', ...csvWriter] }] },
  },
  {
    files: ['functions/adapters/**/*.ts', 'functions/local/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: csvWriter }] },
  },
  {
    // The CSV writer may import csv-stringify, and nothing else impure.
    files: ['functions/core/exports/csv.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: corePurity }] },
  },
);
