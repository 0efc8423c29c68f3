/** What a test sees of one answer: the status, the headers and the body (parsed JSON, else the text, else null). */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiRequest {
  /** The bearer token; `undefined` sends the client's default token, `null` sends none. */
  token?: string | null;
  /** Sent as the JSON body, with `content-type: application/json`. */
  json?: unknown;
  headers?: Record<string, string>;
  /** A raw body (e.g. a multipart `FormData`), when `json` is not given. */
  body?: RequestInit['body'];
}

export type JsonApi = <T = any>(method: string, path: string, init?: ApiRequest) => Promise<ApiResponse<T>>;

/**
 * A small HTTP client for tests against a real Vigil service on loopback (the registry, the drift monitor):
 * `api('POST', '/api/v1/tokens', { json })`. It never throws on an error status, so a test can look at a 4xx
 * problem as closely as at a 2xx answer.
 */
export function jsonApi(baseUrl: string, defaultToken?: string): JsonApi {
  return async (method, path, init = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    const token = init.token === undefined ? defaultToken : init.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(baseUrl + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as any };
  };
}
