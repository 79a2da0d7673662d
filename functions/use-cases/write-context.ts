/** The write context a use case receives, and what a write answers (built in repositories/write-context.ts). */
export { replayOf, systemContext, type WriteContext, type Written } from '../repositories/write-context';
