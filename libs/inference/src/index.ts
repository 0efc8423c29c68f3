export { NotAnOnnxModelError } from './errors/not-an-onnx-model.error';
export { OnnxInspectionTimeoutError } from './errors/onnx-inspection-timeout.error';
export {
  DEFAULT_INSPECTION_TIMEOUT_MS,
  inspectOnnxModel,
  type InspectOnnxModelOptions,
} from './inspection/onnx-model-inspector';
