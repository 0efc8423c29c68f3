import { onnx } from 'onnx-proto';
import { encodeFixtureModel, floatInitializer, int64Initializer, tensorValueInfo } from './onnx-model-parts';

/** Above this `risk` the `alert` output is true. */
export const MULTI_IO_ALERT_THRESHOLD = 1;

/**
 * A model whose signature exercises what registration must record: two inputs and two outputs, each pair of
 * different element types, with fixed and named dynamic dimensions.
 *
 * - inputs: `vitals` float32 [batch, 3], `age_band` int64 [batch, 1]
 * - outputs: `risk` float32 [batch, 1] = sum(vitals) + age_band; `alert` bool [batch, 1] = risk > 1
 */
export function buildMultiIOModel(): Uint8Array {
  const { FLOAT, INT64, BOOL } = onnx.TensorProto.DataType;
  const graph: onnx.IGraphProto = {
    name: 'multi_io',
    input: [tensorValueInfo('vitals', FLOAT, ['batch', 3]), tensorValueInfo('age_band', INT64, ['batch', 1])],
    output: [tensorValueInfo('risk', FLOAT, ['batch', 1]), tensorValueInfo('alert', BOOL, ['batch', 1])],
    initializer: [
      int64Initializer('sum_axes', [1], [1]),
      floatInitializer('alert_threshold', [], [MULTI_IO_ALERT_THRESHOLD]),
    ],
    node: [
      {
        name: 'sum_vitals',
        opType: 'ReduceSum',
        input: ['vitals', 'sum_axes'],
        output: ['vitals_sum'],
        attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
      },
      {
        name: 'age_band_to_float',
        opType: 'Cast',
        input: ['age_band'],
        output: ['age_band_float'],
        attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }],
      },
      { name: 'risk_sum', opType: 'Add', input: ['vitals_sum', 'age_band_float'], output: ['risk'] },
      { name: 'over_threshold', opType: 'Greater', input: ['risk', 'alert_threshold'], output: ['alert'] },
    ],
  };
  // Opset 13: the first where ReduceSum takes its axes as an input, the form current exporters emit.
  return encodeFixtureModel(graph, 13);
}
