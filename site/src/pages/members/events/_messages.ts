// The console's pages import this from here until they move under pages/[...locale]/ (docs/public-site.md).
export * from '../../../lib/messages.ts';
