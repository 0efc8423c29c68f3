import { toIoSignature } from './io-signature.mapper';

describe('toIoSignature', () => {
  it('keeps fixed and named dims and turns both spellings of an unnamed dynamic dim into null', () => {
    const signature = toIoSignature(
      [{ name: 'x', isTensor: true, type: 'float32', shape: ['batch', '', -1, 3] }],
      [{ name: 'y', isTensor: true, type: 'int64', shape: [] }],
    );
    expect(signature).toEqual({
      inputs: [{ name: 'x', type: 'float32', shape: ['batch', null, null, 3] }],
      outputs: [{ name: 'y', type: 'int64', shape: [] }],
    });
  });

  it('records maps and sequences as non-tensor values without a shape', () => {
    const signature = toIoSignature([], [{ name: 'probabilities', isTensor: false }]);
    expect(signature.outputs).toEqual([{ name: 'probabilities', type: 'non-tensor', shape: [] }]);
  });
});
