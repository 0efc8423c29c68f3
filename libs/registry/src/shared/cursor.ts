// The page cursors moved to @vigil/platform so every feature lib pages the same way; kept here for the imports.
export { type Page, decodeCursor, encodeCursor, toPage } from '@vigil/platform';
