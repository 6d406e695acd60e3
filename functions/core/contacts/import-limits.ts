/** The most rows one contact file may hold. */
export const MAX_IMPORT_ROWS = 50_000;
/** 50,000 rows of a wide CSV stay under this; anything bigger is refused before it is read. */
export const MAX_IMPORT_BYTES = 15 * 1024 * 1024;
