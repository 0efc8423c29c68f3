import { trimOrtReason } from './ort-error-reason';

const UPLOAD = '/var/lib/vigil/uploads/tmp-8f2c/artifact.onnx';

describe('trimOrtReason', () => {
  it('drops the "Load model from <path> failed:" prefix', () => {
    expect(trimOrtReason(`Load model from ${UPLOAD} failed:Protobuf parsing failed.`, UPLOAD)).toBe(
      'Protobuf parsing failed',
    );
  });

  it('drops the C++ source location and function signature, nested parentheses included', () => {
    const raw =
      `Load model from ${UPLOAD} failed:/onnxruntime_src/onnxruntime/core/graph/model.cc:187 ` +
      'onnxruntime::Model::Model(onnx::ModelProto&&, const onnxruntime::PathString&, ' +
      'const onnxruntime::IOnnxRuntimeOpSchemaRegistryList*, const onnxruntime::logging::Logger&, ' +
      'const onnxruntime::ModelOptions&) ModelProto does not have a graph.\n';
    expect(trimOrtReason(raw, UPLOAD)).toBe('ModelProto does not have a graph');

    const withReturnType =
      '/onnxruntime_src/onnxruntime/core/graph/graph.cc:1412 onnxruntime::common::Status ' +
      'onnxruntime::Graph::Verify(std::function<void (int)>) const Node (add) has input size 3 not in range [min=2, max=2].';
    expect(trimOrtReason(withReturnType, UPLOAD)).toBe('Node (add) has input size 3 not in range [min=2, max=2]');
  });

  it('keeps parentheses that belong to the message', () => {
    const raw = '/src/x.cc:10 Node (add_bias) Op (Add) [ShapeInferenceError] Incompatible dimensions';
    expect(trimOrtReason(raw, UPLOAD)).toBe('Node (add_bias) Op (Add) [ShapeInferenceError] Incompatible dimensions');
  });

  it('does not leak the server-side path', () => {
    const reason = trimOrtReason(
      `Load model from ${UPLOAD} failed:Load model ${UPLOAD} failed. File doesn't exist`,
      UPLOAD,
    );
    expect(reason).toBe("Load model artifact.onnx failed. File doesn't exist");
    expect(reason).not.toContain('/var/lib');
  });

  it('bounds the length and never returns an empty reason', () => {
    expect(trimOrtReason('x'.repeat(5000), UPLOAD)).toHaveLength(300);
    expect(trimOrtReason(`Load model from ${UPLOAD} failed:`, UPLOAD)).toBe('onnxruntime gave no reason');
  });
});
