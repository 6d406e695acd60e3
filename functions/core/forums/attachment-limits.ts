/** The largest file a post may carry; the API refuses a bigger declared body before reading it. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
