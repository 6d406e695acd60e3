import { writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { createApp } from '../api/app.ts';
import { createDeps, hubConfig } from './hub.ts';

/** Where the site's client finds the API's types (committed; `tests/unit/site/api-types.test.ts` checks it is current). */
export const apiTypesFile = path.resolve(import.meta.dirname, '../../site/src/lib/api-types.ts');

const banner = '// The API as its OpenAPI document declares it, written by `npm run api-types`: do not edit by hand.\n\n';

/** The TypeScript types of every route's input and answers, from the document the API serves. */
export async function apiTypes(): Promise<string> {
  const response = await createApp(createDeps(hubConfig({}))).request('/api/openapi.json');
  if (!response.ok) throw new Error(`The OpenAPI document answered ${response.status}.`);
  const ast = await openapiTS(JSON.stringify(await response.json()), { exportType: true, alphabetize: true });
  return banner + astToString(ast);
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(apiTypesFile, await apiTypes());
  console.log(`API types written to ${path.relative(process.cwd(), apiTypesFile)}.`);
}
