/**
 * Source run by `node -e` in the inspection child. Kept inline (not a sibling .js file) so the same code path
 * works under ts-jest and from compiled output. The request (runtime module path, model path, session options)
 * arrives as the last argv entry; exactly one JSON line goes to stdout. Anything onnxruntime prints goes to
 * stderr and is only kept for diagnostics. The child never calls process.exit, so stdout is flushed before it ends.
 */
export const ISOLATED_INSPECTION_SCRIPT = String.raw`
'use strict';
const request = JSON.parse(process.argv[process.argv.length - 1]);
const reply = (message) => process.stdout.write(JSON.stringify(message) + '\n');
const failureOf = (error) => ({
  name: error && typeof error.name === 'string' ? error.name : 'Error',
  message: error && typeof error.message === 'string' ? error.message : String(error),
});
const describe = (value) => ({
  name: value.name,
  isTensor: value.isTensor,
  type: value.isTensor ? value.type : undefined,
  shape: value.isTensor ? Array.from(value.shape) : undefined,
});
(async () => {
  let ort;
  try {
    ort = require(request.runtimePath);
  } catch (error) {
    reply({ status: 'runtime-unavailable', ...failureOf(error) });
    return;
  }
  let session;
  try {
    session = await ort.InferenceSession.create(request.modelPath, request.sessionOptions);
  } catch (error) {
    reply({ status: 'rejected', ...failureOf(error) });
    return;
  }
  const inputs = session.inputMetadata.map(describe);
  const outputs = session.outputMetadata.map(describe);
  await session.release();
  reply({ status: 'loaded', inputs, outputs });
})();
`;
