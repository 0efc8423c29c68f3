/** The few JSON calls the benchmarks make to set up their scenario (not the measured requests). */
export class RegistryApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async createModel(name: string): Promise<void> {
    await this.call('POST', '/api/v1/models', { name, owner: 'vigil-bench' }, 201);
  }

  /** A fresh API token of `role`; returns its secret. */
  async createToken(name: string, role: string): Promise<string> {
    const body = (await this.call('POST', '/api/v1/tokens', { name, role }, 201)) as { secret: string };
    return body.secret;
  }

  async get(path: string, token = this.token): Promise<unknown> {
    return this.call('GET', path, undefined, 200, token);
  }

  private async call(
    method: string,
    path: string,
    json: unknown,
    expected: number,
    token = this.token,
  ): Promise<unknown> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (res.status !== expected)
      throw new Error(`${method} ${path} answered ${res.status}, expected ${expected}: ${text}`);
    return text ? JSON.parse(text) : null;
  }
}
