import { NotAnOnnxModelError } from '../errors/not-an-onnx-model.error';
import { OnnxInspectionTimeoutError } from '../errors/onnx-inspection-timeout.error';
import { type IsolatedInspectionExit, interpretIsolatedInspectionExit } from './isolated-inspection-exit';

const context = { filePath: '/uploads/tmp-1/model.onnx', timeoutMs: 5000 };
const exited = (overrides: Partial<IsolatedInspectionExit>): IsolatedInspectionExit => ({
  stdout: '',
  stderr: '',
  exitCode: 0,
  signal: null,
  timedOut: false,
  ...overrides,
});
const line = (reply: unknown): string => `${JSON.stringify(reply)}\n`;

describe('interpretIsolatedInspectionExit', () => {
  it('maps a loaded reply, ignoring anything printed before it', () => {
    const stdout =
      'some runtime chatter\n' +
      line({
        status: 'loaded',
        inputs: [{ name: 'x', isTensor: true, type: 'float32', shape: ['batch', '', 4] }],
        outputs: [{ name: 'y', isTensor: false }],
      });
    expect(interpretIsolatedInspectionExit(exited({ stdout }), context)).toEqual({
      inputs: [{ name: 'x', type: 'float32', shape: ['batch', null, 4] }],
      outputs: [{ name: 'y', type: 'non-tensor', shape: [] }],
    });
  });

  it('turns a rejection by onnxruntime into NotAnOnnxModelError with the trimmed reason', () => {
    const stdout = line({
      status: 'rejected',
      name: 'Error',
      message: `Load model from ${context.filePath} failed:Protobuf parsing failed.`,
    });
    const run = (): unknown => interpretIsolatedInspectionExit(exited({ stdout }), context);
    expect(run).toThrow(NotAnOnnxModelError);
    expect(run).toThrow('The artifact is not a loadable ONNX model: Protobuf parsing failed.');
  });

  it('does not blame the upload for a fault in how the runtime was called', () => {
    const stdout = line({ status: 'rejected', name: 'TypeError', message: "'executionProviders' must be an array" });
    const run = (): unknown => interpretIsolatedInspectionExit(exited({ stdout }), context);
    expect(run).toThrow("onnxruntime refused the inspection request: TypeError: 'executionProviders' must be an array");
    expect(run).not.toThrow(NotAnOnnxModelError);
  });

  it('reports a missing runtime as a host fault', () => {
    const stdout = line({
      status: 'runtime-unavailable',
      name: 'Error',
      message: "Cannot find module 'onnxruntime-node'",
    });
    expect(() => interpretIsolatedInspectionExit(exited({ stdout }), context)).toThrow(
      "The inspection child could not load onnxruntime-node: Cannot find module 'onnxruntime-node'",
    );
  });

  it.each(['SIGSEGV', 'SIGABRT', 'SIGBUS'] as const)(
    'treats a parser crash (%s) as a file that is not ONNX',
    (signal) => {
      const run = (): unknown => interpretIsolatedInspectionExit(exited({ exitCode: null, signal }), context);
      expect(run).toThrow(NotAnOnnxModelError);
      expect(run).toThrow(`onnxruntime crashed while parsing the file (${signal})`);
    },
  );

  it('treats any other death without a reply as a host fault, with its stderr', () => {
    const killed = exited({ exitCode: null, signal: 'SIGKILL', stderr: 'out of memory\n' });
    expect(() => interpretIsolatedInspectionExit(killed, context)).toThrow(
      'The ONNX inspection child was killed by SIGKILL without a result: out of memory',
    );
    const garbled = exited({ stdout: '{"status":"loaded","inputs":"nope"}\n', exitCode: 1 });
    expect(() => interpretIsolatedInspectionExit(garbled, context)).toThrow('exited with code 1 without a result');
    expect(() => interpretIsolatedInspectionExit(garbled, context)).not.toThrow(NotAnOnnxModelError);
  });

  it('reports a timeout even if a reply slipped out before the kill', () => {
    const stdout = line({ status: 'loaded', inputs: [], outputs: [] });
    const run = (): unknown =>
      interpretIsolatedInspectionExit(exited({ stdout, timedOut: true, exitCode: null, signal: 'SIGKILL' }), context);
    expect(run).toThrow(OnnxInspectionTimeoutError);
    expect(run).toThrow('did not finish within 5000 ms');
  });
});
