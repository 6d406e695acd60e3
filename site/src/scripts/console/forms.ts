/** The console's forms: a choice read back typed (field errors: ../../lib/field-errors.ts). */

/** A control's value as one of the document's choices (the control offers only those), or undefined (an empty choice). */
export const oneOf = <T extends string>(choices: readonly T[], value: FormDataEntryValue | string | null): T | undefined => choices.find((choice) => choice === value);
