import { spawn } from 'node:child_process';
import { type IoSignature } from '@vigil/domain';
import { inspectionSessionOptions } from './inspection-session-options';
import { ISOLATED_INSPECTION_SCRIPT } from './isolated-inspection.script';
import { interpretIsolatedInspectionExit } from './isolated-inspection-exit';

// Room for the metadata of graphs with thousands of inputs and for a useful stderr tail, while a misbehaving
// child cannot make the parent buffer without bound.
const MAX_STDOUT_CHARS = 4 * 1024 * 1024;
const MAX_STDERR_CHARS = 64 * 1024;

/**
 * Opens the model in a short-lived child Node process. Uploads are untrusted input to a native parser: a crash
 * there ends the child, not the caller, and the model's weights are parsed into the child's memory, so the
 * caller's RSS stays flat however large the artifact. The child is SIGKILLed at the deadline because a parser
 * stuck in native code would not answer a polite signal.
 */
export function readSignatureIsolated(filePath: string, timeoutMs: number): Promise<IoSignature> {
  // Resolved here, not in the child, so the child finds the same onnxruntime-node as the caller whatever its cwd.
  const request = JSON.stringify({
    runtimePath: require.resolve('onnxruntime-node'),
    modelPath: filePath,
    sessionOptions: inspectionSessionOptions(),
  });

  return new Promise<IoSignature>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ISOLATED_INSPECTION_SCRIPT, '--', request], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;

    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = keepTail(stdout + chunk, MAX_STDOUT_CHARS);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = keepTail(stderr + chunk, MAX_STDERR_CHARS);
    });

    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);

    // The child could not be started (or killed): a host fault. Whatever 'close' reports later is then moot.
    child.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });

    // 'close' rather than 'exit': it waits for stdout to drain, so a reply written just before exit is not lost.
    child.on('close', (exitCode, signal) => {
      clearTimeout(deadline);
      try {
        resolve(
          interpretIsolatedInspectionExit({ stdout, stderr, exitCode, signal, timedOut }, { filePath, timeoutMs }),
        );
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

function keepTail(text: string, maxChars: number): string {
  return text.length > maxChars ? text.slice(text.length - maxChars) : text;
}
