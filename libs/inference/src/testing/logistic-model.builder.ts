import { onnx } from 'onnx-proto';
import { encodeFixtureModel, floatInitializer, tensorValueInfo } from './onnx-model-parts';

export interface LogisticModelOptions {
  /** One weight per feature; the input is [batch, weights.length]. */
  readonly weights: readonly number[];
  readonly bias: number;
  readonly inputName?: string;
  readonly outputName?: string;
  readonly opset?: number;
}

/**
 * A logistic-regression model, probability = sigmoid(features · weights + bias), as MatMul → Add → Sigmoid.
 * Small enough to reason about by hand, so validation tests can state exact expected metrics.
 * Input float32 [batch, k] and output float32 [batch, 1], `batch` a named dynamic dimension.
 */
export function buildLogisticModel(options: LogisticModelOptions): Uint8Array {
  const { weights, bias, inputName = 'features', outputName = 'probability', opset = 13 } = options;
  if (weights.length === 0) throw new RangeError('a logistic model needs at least one weight');
  if (!weights.every(Number.isFinite) || !Number.isFinite(bias))
    throw new RangeError('weights and bias must be finite');
  if (inputName === outputName) throw new RangeError('inputName and outputName must differ');

  const graph: onnx.IGraphProto = {
    name: 'logistic_regression',
    input: [tensorValueInfo(inputName, onnx.TensorProto.DataType.FLOAT, ['batch', weights.length])],
    output: [tensorValueInfo(outputName, onnx.TensorProto.DataType.FLOAT, ['batch', 1])],
    initializer: [floatInitializer('weights', [weights.length, 1], weights), floatInitializer('bias', [1], [bias])],
    node: [
      { name: 'linear', opType: 'MatMul', input: [inputName, 'weights'], output: ['linear_term'] },
      { name: 'add_bias', opType: 'Add', input: ['linear_term', 'bias'], output: ['logit'] },
      { name: 'sigmoid', opType: 'Sigmoid', input: ['logit'], output: [outputName] },
    ],
  };
  return encodeFixtureModel(graph, opset);
}
