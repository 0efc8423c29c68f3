import { basename } from 'node:path';

const MAX_REASON_LENGTH = 300;
const SOURCE_LOCATION = /^\S+\.(?:cc|cpp|cxx|h|hpp):\d+\s+/;

/**
 * Turns an onnxruntime load error into a reason a person can read: no "Load model from <server path>" prefix,
 * no C++ source location or function signature, the server-side path reduced to its file name, bounded length.
 * The full message still belongs in the server log; this is what goes back to the uploader.
 */
export function trimOrtReason(rawMessage: string, filePath: string): string {
  let reason = rawMessage.trim();
  reason = stripPrefix(reason, `Load model from ${filePath} failed:`);
  reason = reason.replace(/^Load model from .*? failed:/s, '').trim();
  reason = stripSourceLocation(reason);
  if (filePath !== '') reason = reason.split(filePath).join(basename(filePath));
  reason = reason.replace(/\s+/g, ' ').replace(/[.\s]+$/, '');
  if (reason === '') reason = 'onnxruntime gave no reason';
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

function stripPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length).trim() : text;
}

// ORT_ENFORCE messages read "<file>.cc:<line> [<return type>] <qualified name>(<params>) [const] <message>"; the
// signature's parameter list may itself contain parentheses, so it is skipped by balance, not by pattern.
function stripSourceLocation(text: string): string {
  const location = SOURCE_LOCATION.exec(text);
  if (location === null) return text;
  const rest = text.slice(location[0].length);
  const open = rest.indexOf('(');
  if (open <= 0 || !looksLikeSignature(rest.slice(0, open))) return rest.trim();
  let depth = 0;
  for (let i = open; i < rest.length; i += 1) {
    if (rest[i] === '(') depth += 1;
    else if (rest[i] === ')') depth -= 1;
    if (depth === 0) {
      return rest
        .slice(i + 1)
        .replace(/^\s*const\b/, '')
        .trim();
    }
  }
  return rest.trim();
}

function looksLikeSignature(head: string): boolean {
  return head.includes('::') && /^[\w:<>,*&~ ]+$/.test(head);
}
