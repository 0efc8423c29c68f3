import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STANDARD_FIXTURE_FILES, writeStandardFixtures } from './write-fixtures';

const digest = (filePath: string): string => createHash('sha256').update(readFileSync(filePath)).digest('hex');

describe('writeStandardFixtures', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'vigil-fixtures-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes every standard fixture, creating the folder', async () => {
    const dir = join(root, 'nested', 'set');
    const paths = await writeStandardFixtures(dir, { paddedModelBytes: 50_000 });

    for (const [key, file] of Object.entries(STANDARD_FIXTURE_FILES)) {
      expect(paths[key as keyof typeof paths]).toBe(join(dir, file));
      expect(existsSync(join(dir, file))).toBe(true);
    }
    expect(statSync(paths.empty).size).toBe(0);
    expect(statSync(paths.padded!).size).toBeGreaterThan(49_990);
    expect(statSync(paths.truncated).size).toBeLessThan(statSync(paths.logistic).size);
  });

  it('writes the same bytes on every run', async () => {
    const first = await writeStandardFixtures(join(root, 'first'), { paddedModelBytes: 20_000 });
    const second = await writeStandardFixtures(join(root, 'second'), { paddedModelBytes: 20_000 });
    for (const key of Object.keys(STANDARD_FIXTURE_FILES) as (keyof typeof first)[]) {
      expect(digest(second[key]!)).toBe(digest(first[key]!));
    }
  });

  it('leaves the padded model out when asked', async () => {
    const dir = join(root, 'small');
    const paths = await writeStandardFixtures(dir, { paddedModelBytes: null });
    expect(paths.padded).toBeUndefined();
    expect(existsSync(join(dir, STANDARD_FIXTURE_FILES.padded))).toBe(false);
  });
});
