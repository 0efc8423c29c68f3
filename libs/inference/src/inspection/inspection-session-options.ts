import { type InferenceSession } from 'onnxruntime-node';

/**
 * Options for sessions opened only to read a model's signature. Optimisation is off because it can rewrite or
 * fold the graph (and costs time and memory we do not need); the CPU arena is off so memory is handed back
 * when the session is released; CPU only, since inspection must work on hosts without a GPU.
 * Plain JSON so the isolated child can receive the very same options. A fresh object each call: onnxruntime
 * wraps the options in a Proxy that fails on frozen properties, so a shared frozen constant is not an option.
 */
export function inspectionSessionOptions(): InferenceSession.SessionOptions {
  return { graphOptimizationLevel: 'disabled', enableCpuMemArena: false, executionProviders: ['cpu'] };
}
