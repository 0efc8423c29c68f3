import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFixture } from './fixture-file.writer';
import { buildRandomBytesArtifact, buildTextArtifact, buildTruncatedArtifact } from './invalid-artifact.builder';
import { buildLogisticModel, type LogisticModelOptions } from './logistic-model.builder';
import { buildMultiIOModel } from './multi-io-model.builder';
import { writePaddedModel } from './padded-model.builder';

/** The logistic model in the standard set; tests and docs compute expected probabilities from these. */
export const STANDARD_LOGISTIC_MODEL: LogisticModelOptions = Object.freeze({
  weights: Object.freeze([0.8, -0.5, 1.25, 0.05]),
  bias: -0.3,
});

/** 100 MiB: the artifact size the registration benchmark must handle within its memory budget. */
export const STANDARD_PADDED_MODEL_BYTES = 100 * 1024 * 1024;

export const STANDARD_FIXTURE_FILES = Object.freeze({
  logistic: 'logistic.onnx',
  multiIO: 'multi-io.onnx',
  padded: 'padded.onnx',
  randomBytes: 'not-onnx-random.onnx',
  empty: 'not-onnx-empty.onnx',
  text: 'not-onnx-text.onnx',
  truncated: 'not-onnx-truncated.onnx',
});

export type StandardFixtureName = keyof typeof STANDARD_FIXTURE_FILES;

export interface StandardFixtureOptions {
  /** Size of `padded.onnx`; null leaves it out (it is the only slow, large one). Default 100 MiB. */
  readonly paddedModelBytes?: number | null;
}

/** Absolute path of every fixture written; `padded` is absent when it was left out. */
export type StandardFixturePaths = Record<Exclude<StandardFixtureName, 'padded'>, string> & { padded?: string };

/** Writes the standard fixture set into `dir` (created if missing). Same bytes on every run. */
export async function writeStandardFixtures(
  dir: string,
  options: StandardFixtureOptions = {},
): Promise<StandardFixturePaths> {
  const target = resolve(dir);
  mkdirSync(target, { recursive: true });
  const files = STANDARD_FIXTURE_FILES;
  const logistic = buildLogisticModel(STANDARD_LOGISTIC_MODEL);
  const paths: StandardFixturePaths = {
    logistic: writeFixture(target, files.logistic, logistic),
    multiIO: writeFixture(target, files.multiIO, buildMultiIOModel()),
    randomBytes: writeFixture(target, files.randomBytes, buildRandomBytesArtifact()),
    empty: writeFixture(target, files.empty, new Uint8Array(0)),
    text: writeFixture(target, files.text, buildTextArtifact()),
    truncated: writeFixture(target, files.truncated, buildTruncatedArtifact(logistic)),
  };
  const paddedBytes = options.paddedModelBytes === undefined ? STANDARD_PADDED_MODEL_BYTES : options.paddedModelBytes;
  if (paddedBytes !== null) {
    paths.padded = join(target, files.padded);
    await writePaddedModel(paths.padded, paddedBytes);
  }
  return paths;
}

// Run directly (after the build): node dist/libs/inference/src/testing/write-fixtures.js <dir> [paddedBytes|none]
if (require.main === module) {
  const [dir, padded] = process.argv.slice(2);
  if (dir === undefined) {
    process.stderr.write('usage: write-fixtures <dir> [paddedModelBytes|none]\n');
    process.exitCode = 2;
  } else {
    const paddedModelBytes = padded === undefined ? undefined : padded === 'none' ? null : Number(padded);
    writeStandardFixtures(dir, { paddedModelBytes }).then(
      (paths) => process.stdout.write(`${JSON.stringify(paths, null, 2)}\n`),
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  }
}
