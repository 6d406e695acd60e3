/**
 * The API's refusals and error answers (`../errors.ts`), for what runs before any router: loaded with
 * the first refusal, so a Lambda's start carries neither the refusals' catalogues nor zod.
 */
export const answers = () => import('../errors.ts');
