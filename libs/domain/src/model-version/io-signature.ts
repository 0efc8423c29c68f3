/** One input or output of a model as onnxruntime reports it. */
export interface TensorSignature {
  name: string;
  /** Element type as onnxruntime names it (`float32`, `int64`, `string`, …); `non-tensor` for maps/sequences. */
  type: string;
  /** Dimensions: a number when fixed, a string when a named symbolic dimension, null when unnamed and dynamic. */
  shape: (number | string | null)[];
}

/** The inputs and outputs recorded when a version is registered. */
export interface IoSignature {
  inputs: TensorSignature[];
  outputs: TensorSignature[];
}
