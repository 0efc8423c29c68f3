import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `bytes` to `<dir>/<name>`, creating `dir` as needed, and returns the file's path. */
export function writeFixture(dir: string, name: string, bytes: Uint8Array): string {
  mkdirSync(dir, { recursive: true });
  const filePath = join(dir, name);
  writeFileSync(filePath, bytes);
  return filePath;
}
