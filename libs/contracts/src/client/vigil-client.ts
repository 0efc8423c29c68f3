import { type ApiToken, type CreatedApiToken, type CreateTokenInput } from './api-token.types';
import { type AuditEntry, type AuditLogQuery, type AuditVerification } from './audit.types';
import {
  type ApprovalPolicy,
  type ApprovalPolicyDocument,
  type ApprovalRequest,
  type ApprovalRequestSummary,
  type CreatePersonInput,
  type Person,
  type PromoteInput,
  type Promotion,
  type RequestApprovalInput,
  type Rollback,
  type RollbackInput,
  type SetApprovalPolicyResult,
  type SignApprovalInput,
  type SiteHistory,
  type SiteManifest,
} from './governance.types';
import { type HistoryEntry } from './history-entry.types';
import { type CreateModelInput, type Model, type ModelSummary, type UpdateModelInput } from './model.types';
import {
  type ArtifactDownload,
  type ArtifactUpload,
  type ModelVersion,
  type TransferProgress,
  type VersionMetadata,
} from './model-version.types';
import { buildMultipartBody } from './multipart-body';
import { type Page, type PageQuery } from './page.types';
import { collectAllPages, toPage } from './pagination';
import { type ProblemDetails } from './problem-details.types';
import { VigilApiError } from './vigil-api.error';
import { VigilNetworkError } from './vigil-network.error';
import { type Whoami } from './whoami.types';
import {
  type AcceptanceCriteriaVersion,
  type RegisterDatasetInput,
  type RegisterReferenceDatasetInput,
  type SiteDataset,
  type SiteDatasetDetail,
} from '../datasets/dataset.types';
import {
  type ClaimedValidationJob,
  type ClaimValidationJobInput,
  type ClaimValidationJobResponse,
  type CompleteValidationJobInput,
  type FailValidationJobInput,
  type HeartbeatValidationJobInput,
  type HeartbeatValidationJobResponse,
} from '../validation/runner-api.types';
import {
  type RequestValidationRunInput,
  type ValidationJob,
  type ValidationRun,
} from '../validation/validation-run.types';
import { type MonitoringPolicyRevision } from '../monitoring/monitoring-policy.types';
import { type MonitoringStatus } from '../tickets/monitoring-status.types';
import { type GovernanceTicket, type GovernanceTicketSummary, type TicketListQuery } from '../tickets/ticket.types';

export interface VigilClientOptions {
  /** Where the registry listens, e.g. `http://localhost:8080`; `/api/v1` is added here. */
  baseUrl: string;
  token?: string;
  /** Defaults to the global `fetch`; pass one to add proxies, retries or test doubles. */
  fetch?: typeof fetch;
  /** Limit for each JSON call, answer body included. Uploads and downloads have none: they take as long as the bytes do. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestSpec {
  method: Method;
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  headers?: Record<string, string>;
  /** A streamed body; fetch then needs `duplex: 'half'`. */
  stream?: ReadableStream<Uint8Array>;
  /** False for transfers whose length depends on the artifact size. */
  timeout: boolean;
}

/** Typed access to the registry REST API (docs/api.md). One method per route; no retries, no caching. */
export class VigilClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: VigilClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    // Called unbound: browsers reject `fetch` invoked as a method of another object.
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  whoami(): Promise<Whoami> {
    return this.json<Whoami>({ method: 'GET', path: '/whoami', timeout: true });
  }

  // --- models -------------------------------------------------------------------------------------------

  async listModels(query: PageQuery = {}): Promise<Page<ModelSummary>> {
    return toPage<ModelSummary>(
      await this.json({ method: 'GET', path: '/models', query: pageParams(query), timeout: true }),
    );
  }

  /** Every model, following `nextCursor`; `pageSize` is the `limit` of each request. */
  listAllModels(pageSize?: number): Promise<ModelSummary[]> {
    return collectAllPages((cursor) => this.listModels({ limit: pageSize, cursor }));
  }

  async createModel(input: CreateModelInput): Promise<Model> {
    const { body, response } = await this.jsonWithResponse<Model>({
      method: 'POST',
      path: '/models',
      json: input,
      timeout: true,
    });
    return withEtag(body, response);
  }

  async getModel(name: string): Promise<Model> {
    const { body, response } = await this.jsonWithResponse<Model>({
      method: 'GET',
      path: modelPath(name),
      timeout: true,
    });
    return withEtag(body, response);
  }

  /** `ifMatch` is the `etag` of the model as last read; a stale one fails with 412. */
  async updateModel(name: string, changes: UpdateModelInput, ifMatch: string): Promise<Model> {
    const { body, response } = await this.jsonWithResponse<Model>({
      method: 'PATCH',
      path: modelPath(name),
      json: changes,
      headers: { 'If-Match': ifMatch },
      timeout: true,
    });
    return withEtag(body, response);
  }

  // --- versions -----------------------------------------------------------------------------------------

  async listVersions(model: string, query: PageQuery = {}): Promise<Page<ModelVersion>> {
    return toPage<ModelVersion>(
      await this.json({ method: 'GET', path: `${modelPath(model)}/versions`, query: pageParams(query), timeout: true }),
    );
  }

  listAllVersions(model: string, pageSize?: number): Promise<ModelVersion[]> {
    return collectAllPages((cursor) => this.listVersions(model, { limit: pageSize, cursor }));
  }

  /**
   * Uploads an artifact as `multipart/form-data` (`metadata` first, then `artifact`), streaming it so that
   * memory use does not grow with the artifact. `onProgress` reports the artifact bytes handed to the
   * connection.
   */
  async registerVersion(
    model: string,
    metadata: VersionMetadata,
    artifact: ArtifactUpload,
    options: { onProgress?: TransferProgress } = {},
  ): Promise<ModelVersion> {
    const multipart = buildMultipartBody(
      [{ name: 'metadata', value: JSON.stringify(metadata) }],
      {
        name: 'artifact',
        filename: artifact.filename,
        contentType: 'application/octet-stream',
        sizeBytes: artifact.sizeBytes,
        stream: artifact.stream,
      },
      { onProgress: options.onProgress },
    );
    const { body, response } = await this.jsonWithResponse<ModelVersion>({
      method: 'POST',
      path: `${modelPath(model)}/versions`,
      stream: multipart.stream,
      headers: { 'Content-Type': multipart.contentType, 'Content-Length': String(multipart.contentLength) },
      timeout: false,
    });
    return withEtag(body, response);
  }

  async getVersion(model: string, version: number): Promise<ModelVersion> {
    const { body, response } = await this.jsonWithResponse<ModelVersion>({
      method: 'GET',
      path: versionPath(model, version),
      timeout: true,
    });
    return withEtag(body, response);
  }

  /** `ifMatch` is the `etag` of the version as last read. */
  async archiveVersion(model: string, version: number, reason: string, ifMatch: string): Promise<ModelVersion> {
    const { body, response } = await this.jsonWithResponse<ModelVersion>({
      method: 'PATCH',
      path: versionPath(model, version),
      json: { status: 'archived', reason },
      headers: { 'If-Match': ifMatch },
      timeout: true,
    });
    return withEtag(body, response);
  }

  /** Opens the artifact bytes; the caller must consume or cancel `body`, and should verify the checksum. */
  async downloadArtifact(model: string, version: number): Promise<ArtifactDownload> {
    const response = await this.send({
      method: 'GET',
      path: `${versionPath(model, version)}/artifact`,
      timeout: false,
    });
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    return {
      body: response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() }),
      checksumSha256: response.headers.get('x-checksum-sha256')?.trim().toLowerCase() ?? null,
      sizeBytes: Number.isSafeInteger(length) && length >= 0 ? length : null,
      requestId: response.headers.get('x-request-id'),
    };
  }

  /** The audit entries about one version, oldest first (all pages). */
  getVersionHistory(model: string, version: number): Promise<HistoryEntry[]> {
    const path = `${versionPath(model, version)}/history`;
    return collectAllPages(async (cursor) =>
      toPage<HistoryEntry>(await this.json({ method: 'GET', path, query: { cursor }, timeout: true })),
    );
  }

  // --- site datasets and acceptance criteria ------------------------------------------------------------

  /**
   * Uploads a dataset file as `multipart/form-data` (the metadata as one `metadata` part, then `file`),
   * streamed so memory does not grow with the file. The registry profiles it and stores it by SHA-256.
   */
  registerDataset(
    input: RegisterDatasetInput,
    file: ArtifactUpload,
    options: { onProgress?: TransferProgress } = {},
  ): Promise<SiteDatasetDetail> {
    const { site, ...metadata } = input;
    const multipart = buildMultipartBody(
      [{ name: 'metadata', value: JSON.stringify(metadata) }],
      {
        name: 'file',
        filename: file.filename,
        contentType: 'application/octet-stream',
        sizeBytes: file.sizeBytes,
        stream: file.stream,
      },
      { onProgress: options.onProgress },
    );
    return this.json<SiteDatasetDetail>({
      method: 'POST',
      path: `${sitePath(site)}/datasets`,
      stream: multipart.stream,
      headers: { 'Content-Type': multipart.contentType, 'Content-Length': String(multipart.contentLength) },
      timeout: false,
    });
  }

  /** Registers a dataset that stays at the site: its location, checksum and locally computed profile. */
  registerReferenceDataset(input: RegisterReferenceDatasetInput): Promise<SiteDatasetDetail> {
    const { site, ...body } = input;
    return this.post<SiteDatasetDetail>(`${sitePath(site)}/datasets/by-reference`, body);
  }

  /** One site's datasets, or every site's when `site` is left out (a site-scoped token sees its own site). */
  async listDatasets(query: PageQuery & { site?: string } = {}): Promise<Page<SiteDataset>> {
    const { site, ...page } = query;
    return toPage<SiteDataset>(
      await this.json({
        method: 'GET',
        path: site === undefined ? '/datasets' : `${sitePath(site)}/datasets`,
        query: pageParams(page),
        timeout: true,
      }),
    );
  }

  listAllDatasets(site?: string, pageSize?: number): Promise<SiteDataset[]> {
    return collectAllPages((cursor) => this.listDatasets({ site, limit: pageSize, cursor }));
  }

  getDataset(site: string, name: string): Promise<SiteDatasetDetail> {
    return this.json<SiteDatasetDetail>({ method: 'GET', path: datasetPath(site, name), timeout: true });
  }

  /** Opens a stored dataset's bytes; the caller must consume or cancel `body`, and should verify the checksum. */
  async downloadDatasetFile(site: string, name: string): Promise<ArtifactDownload> {
    const response = await this.send({ method: 'GET', path: `${datasetPath(site, name)}/file`, timeout: false });
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    return {
      body: response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() }),
      checksumSha256: response.headers.get('x-checksum-sha256')?.trim().toLowerCase() ?? null,
      sizeBytes: Number.isSafeInteger(length) && length >= 0 ? length : null,
      requestId: response.headers.get('x-request-id'),
    };
  }

  /** Puts a new version of the model's acceptance criteria in force; `ifMatch` (optional) guards against a crossed edit. */
  setAcceptanceCriteria(model: string, document: unknown, ifMatch?: string): Promise<AcceptanceCriteriaVersion> {
    return this.json<AcceptanceCriteriaVersion>({
      method: 'PUT',
      path: `${modelPath(model)}/acceptance-criteria`,
      json: document,
      ...(ifMatch === undefined ? {} : { headers: { 'If-Match': ifMatch } }),
      timeout: true,
    });
  }

  /** The newest acceptance criteria, or the given version. */
  getAcceptanceCriteria(model: string, version?: number): Promise<AcceptanceCriteriaVersion> {
    return this.json<AcceptanceCriteriaVersion>({
      method: 'GET',
      path: `${modelPath(model)}/acceptance-criteria`,
      query: version === undefined ? {} : { version: String(version) },
      timeout: true,
    });
  }

  async listAcceptanceCriteriaVersions(model: string, query: PageQuery = {}): Promise<Page<AcceptanceCriteriaVersion>> {
    return toPage<AcceptanceCriteriaVersion>(
      await this.json({
        method: 'GET',
        path: `${modelPath(model)}/acceptance-criteria/versions`,
        query: pageParams(query),
        timeout: true,
      }),
    );
  }

  // --- monitoring policies -----------------------------------------------------------------------------

  /** Puts a new revision of the model's monitoring policy in force; `ifMatch` (optional) guards against a crossed edit. */
  setMonitoringPolicy(model: string, document: unknown, ifMatch?: string): Promise<MonitoringPolicyRevision> {
    return this.json<MonitoringPolicyRevision>({
      method: 'PUT',
      path: `${modelPath(model)}/monitoring-policy`,
      json: document,
      ...(ifMatch === undefined ? {} : { headers: { 'If-Match': ifMatch } }),
      timeout: true,
    });
  }

  /** The monitoring policy in force, or the given revision. */
  getMonitoringPolicy(model: string, revision?: number): Promise<MonitoringPolicyRevision> {
    return this.json<MonitoringPolicyRevision>({
      method: 'GET',
      path: `${modelPath(model)}/monitoring-policy`,
      query: revision === undefined ? {} : { revision: String(revision) },
      timeout: true,
    });
  }

  async listMonitoringPolicyRevisions(model: string, query: PageQuery = {}): Promise<Page<MonitoringPolicyRevision>> {
    return toPage<MonitoringPolicyRevision>(
      await this.json({
        method: 'GET',
        path: `${modelPath(model)}/monitoring-policy/revisions`,
        query: pageParams(query),
        timeout: true,
      }),
    );
  }

  // --- governance tickets and monitoring status --------------------------------------------------------

  /** Tickets the drift monitor opened, newest first; by default the open ones (open and recovering). */
  async listTickets(query: TicketListQuery = {}): Promise<Page<GovernanceTicketSummary>> {
    const { status, model, site, signal, limit, cursor } = query;
    return toPage<GovernanceTicketSummary>(
      await this.json({
        method: 'GET',
        path: '/tickets',
        query: { status, model, site, signal, limit, cursor },
        timeout: true,
      }),
    );
  }

  /** Every matching ticket, following `nextCursor`; `pageSize` is the `limit` of each request. */
  listAllTickets(
    query: Omit<TicketListQuery, 'cursor' | 'limit'> = {},
    pageSize?: number,
  ): Promise<GovernanceTicketSummary[]> {
    return collectAllPages((cursor) => this.listTickets({ ...query, limit: pageSize, cursor }));
  }

  /** One ticket with its evidence, history and sink deliveries; `id` is `VGL-12` or `12`. */
  getTicket(id: string): Promise<GovernanceTicket> {
    return this.json<GovernanceTicket>({ method: 'GET', path: ticketPath(id), timeout: true });
  }

  /** Says someone is on it; a repeat keeps the first acknowledgement. 409 `ticket_closed` once closed. */
  acknowledgeTicket(id: string, note?: string): Promise<GovernanceTicket> {
    return this.post<GovernanceTicket>(`${ticketPath(id)}/acknowledge`, note === undefined ? {} : { note });
  }

  /**
   * Closes the ticket by hand, saying why. 409 `invalid_state_transition` while the latest window still crosses
   * the threshold: acknowledge it instead.
   */
  resolveTicket(id: string, note: string): Promise<GovernanceTicket> {
    return this.post<GovernanceTicket>(`${ticketPath(id)}/resolve`, { note });
  }

  /** Per site: the frozen reference, the latest window of each phase, and where each signal's incident stands. */
  getMonitoringStatus(model: string, version: number, site?: string): Promise<MonitoringStatus> {
    return this.json<MonitoringStatus>({
      method: 'GET',
      path: `${versionPath(model, version)}/monitoring`,
      query: { site },
      timeout: true,
    });
  }

  // --- tokens -------------------------------------------------------------------------------------------

  async listTokens(query: PageQuery = {}): Promise<Page<ApiToken>> {
    return toPage<ApiToken>(
      await this.json({ method: 'GET', path: '/tokens', query: pageParams(query), timeout: true }),
    );
  }

  listAllTokens(pageSize?: number): Promise<ApiToken[]> {
    return collectAllPages((cursor) => this.listTokens({ limit: pageSize, cursor }));
  }

  /** The answer holds the secret; the server never shows it again. */
  createToken(input: CreateTokenInput): Promise<CreatedApiToken> {
    return this.json<CreatedApiToken>({ method: 'POST', path: '/tokens', json: input, timeout: true });
  }

  revokeToken(idOrName: string): Promise<ApiToken> {
    return this.json<ApiToken>({ method: 'DELETE', path: `/tokens/${encodeURIComponent(idOrName)}`, timeout: true });
  }

  // --- audit --------------------------------------------------------------------------------------------

  /**
   * Walks the whole hash chain on the server. No time limit: the walk grows with the log (seconds per million
   * entries), and cutting it short would only report nothing.
   */
  verifyAuditTrail(): Promise<AuditVerification> {
    return this.json<AuditVerification>({ method: 'GET', path: '/audit/verify', timeout: false });
  }

  async listAuditLog(query: AuditLogQuery = {}): Promise<Page<AuditEntry>> {
    const { model, entityType, entityId, order, limit, cursor } = query;
    return toPage<AuditEntry>(
      await this.json({
        method: 'GET',
        path: '/audit',
        query: { model, entityType, entityId, order, limit, cursor },
        timeout: true,
      }),
    );
  }

  /** Every matching entry, following `nextCursor`; `pageSize` is the `limit` of each request. */
  listAllAuditLog(query: Omit<AuditLogQuery, 'cursor' | 'limit'> = {}, pageSize?: number): Promise<AuditEntry[]> {
    return collectAllPages((cursor) => this.listAuditLog({ ...query, limit: pageSize, cursor }));
  }

  // --- governance: people, policies, approvals, deployments -----------------------------------------------

  /** Adds a person (admin). The password, if any, travels only in this body; the answer never has it. */
  createPerson(input: CreatePersonInput): Promise<Person> {
    return this.json<Person>({ method: 'POST', path: '/users', json: input, timeout: true });
  }

  /** Puts a new policy version in force (admin); the answer names the requests that went stale. */
  setApprovalPolicy(model: string, policy: ApprovalPolicyDocument): Promise<SetApprovalPolicyResult> {
    return this.put<SetApprovalPolicyResult>(`${modelPath(model)}/policy`, policy);
  }

  getApprovalPolicy(model: string): Promise<ApprovalPolicy> {
    return this.json<ApprovalPolicy>({ method: 'GET', path: `${modelPath(model)}/policy`, timeout: true });
  }

  requestApproval(input: RequestApprovalInput): Promise<ApprovalRequest> {
    return this.json<ApprovalRequest>({ method: 'POST', path: '/approvals', json: input, timeout: true });
  }

  getApprovalRequest(id: string): Promise<ApprovalRequest> {
    return this.json<ApprovalRequest>({ method: 'GET', path: approvalPath(id), timeout: true });
  }

  /** A model's requests, newest first (the route is not paged). */
  async listApprovalRequests(model: string): Promise<ApprovalRequestSummary[]> {
    const { items } = await this.json<{ items: ApprovalRequestSummary[] }>({
      method: 'GET',
      path: `${modelPath(model)}/approvals`,
      timeout: true,
    });
    return items;
  }

  /** An electronic signature; the answer is the request as it stands after it. */
  signApproval(id: string, input: SignApprovalInput): Promise<ApprovalRequest> {
    return this.post<ApprovalRequest>(`${approvalPath(id)}/signatures`, input);
  }

  promote(model: string, input: PromoteInput): Promise<Promotion> {
    return this.post<Promotion>(`${modelPath(model)}/deployments`, input);
  }

  rollback(model: string, input: RollbackInput): Promise<Rollback> {
    return this.post<Rollback>(`${modelPath(model)}/deployments/rollback`, input);
  }

  /** The manifest an edge node polls for `site`; all environments unless one is given. */
  getSiteDeployment(site: string, query: { environment?: string } = {}): Promise<SiteManifest> {
    return this.json<SiteManifest>({
      method: 'GET',
      path: `${sitePath(site)}/deployment`,
      query: { environment: query.environment },
      timeout: true,
    });
  }

  /** What ran at `site` at the instant `at` (ISO 8601), rebuilt by the server from the audit trail. */
  getSiteHistory(site: string, query: { at: string; environment?: string }): Promise<SiteHistory> {
    return this.json<SiteHistory>({
      method: 'GET',
      path: `${sitePath(site)}/history`,
      query: { at: query.at, environment: query.environment },
      timeout: true,
    });
  }

  // --- plumbing -----------------------------------------------------------------------------------------

  private async json<T>(spec: RequestSpec): Promise<T> {
    return (await this.jsonWithResponse<T>(spec)).body;
  }

  private async jsonWithResponse<T>(spec: RequestSpec): Promise<{ body: T; response: Response }> {
    const signal = spec.timeout ? AbortSignal.timeout(this.timeoutMs) : undefined;
    const response = await this.send(spec, signal);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.networkError(error, spec);
    }
    try {
      return { body: JSON.parse(text) as T, response };
    } catch {
      throw new VigilNetworkError(
        `the server at ${this.baseUrl} answered ${spec.method} ${spec.path} with something that is not JSON`,
        this.url(spec),
        false,
      );
    }
  }

  // --- validation runs and the runner API ----------------------------------------------------------------

  /** Opens a validation run: one job per `site/name` dataset, judged by the model's newest acceptance criteria. */
  requestValidationRun(model: string, version: number, input: RequestValidationRunInput): Promise<ValidationRun> {
    return this.post<ValidationRun>(`${versionPath(model, version)}/validation-runs`, input);
  }

  getValidationRun(id: string): Promise<ValidationRun> {
    return this.json<ValidationRun>({ method: 'GET', path: validationRunPath(id), timeout: true });
  }

  /** A version's runs, newest first (the route is not paged). */
  async listValidationRuns(model: string, version: number): Promise<ValidationRun[]> {
    const { items } = await this.json<{ items: ValidationRun[] }>({
      method: 'GET',
      path: `${versionPath(model, version)}/validation-runs`,
      timeout: true,
    });
    return items;
  }

  /** The run's report, a self-contained HTML page. */
  async getValidationReport(id: string): Promise<string> {
    const spec: RequestSpec = {
      method: 'GET',
      path: `${validationRunPath(id)}/report`,
      headers: { Accept: 'text/html' },
      timeout: true,
    };
    const response = await this.send(spec, AbortSignal.timeout(this.timeoutMs));
    try {
      return await response.text();
    } catch (error) {
      throw this.networkError(error, spec);
    }
  }

  /** The next job this runner may work on, under a fresh lease; null when nothing is waiting (204). */
  async claimValidationJob(input: ClaimValidationJobInput): Promise<ClaimedValidationJob | null> {
    const spec: RequestSpec = { method: 'POST', path: '/validation-jobs/claim', json: input, timeout: true };
    const response = await this.send(spec, AbortSignal.timeout(this.timeoutMs));
    if (response.status === 204) return null;
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.networkError(error, spec);
    }
    return (JSON.parse(text) as ClaimValidationJobResponse).job;
  }

  /** Renews the lease and reports progress; 409 `validation_lease_lost` means: stop working on this job. */
  heartbeatValidationJob(jobId: string, input: HeartbeatValidationJobInput): Promise<HeartbeatValidationJobResponse> {
    return this.post<HeartbeatValidationJobResponse>(`${validationJobPath(jobId)}/heartbeat`, input);
  }

  completeValidationJob(jobId: string, input: CompleteValidationJobInput): Promise<ValidationJob> {
    return this.post<ValidationJob>(`${validationJobPath(jobId)}/complete`, input);
  }

  failValidationJob(jobId: string, input: FailValidationJobInput): Promise<ValidationJob> {
    return this.post<ValidationJob>(`${validationJobPath(jobId)}/fail`, input);
  }

  /** Sends one request; resolves only for a 2xx answer, with its body unread. */
  /** A JSON request that answers JSON, with the default timeout. */
  private post<T>(path: string, json: unknown): Promise<T> {
    return this.json<T>({ method: 'POST', path, json, timeout: true });
  }

  private put<T>(path: string, json: unknown): Promise<T> {
    return this.json<T>({ method: 'PUT', path, json, timeout: true });
  }

  private async send(spec: RequestSpec, signal?: AbortSignal): Promise<Response> {
    const requestId = crypto.randomUUID();
    const headers: Record<string, string> = { Accept: 'application/json', 'X-Request-Id': requestId };
    if (this.token !== undefined) headers.Authorization = `Bearer ${this.token}`;
    // The server replays its first answer to a repeat with the same key. A fresh key per call: this client never
    // retries, and a command run again (a retried CI job) is a new request, refused for what already happened.
    if (spec.method !== 'GET') headers['Idempotency-Key'] = crypto.randomUUID();
    let body: string | ReadableStream<Uint8Array> | undefined;
    if (spec.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.stream !== undefined) {
      body = spec.stream;
    }
    Object.assign(headers, spec.headers);

    // `duplex` is spelled out because the DOM typings (which the UI compiles against) lack it.
    const init: RequestInit & { duplex?: 'half' } = { method: spec.method, headers, body, signal };
    if (spec.stream !== undefined) {
      init.duplex = 'half';
      // A streamed body cannot be replayed for a redirect anyway. Saying so also matters for memory: with the
      // default redirect mode the fetch algorithm clones the request, teeing the body, and the branch nobody
      // reads keeps every uploaded chunk (Node's fetch then holds the whole artifact in memory).
      init.redirect = 'error';
      init.window = null;
    }

    let response: Response;
    try {
      response = await this.fetchImpl(this.url(spec), init);
    } catch (error) {
      throw this.networkError(error, spec);
    }
    if (response.ok) return response;

    const problem = await readProblem(response);
    throw new VigilApiError(
      response.status,
      problem,
      response.headers.get('x-request-id') ?? problem?.requestId ?? requestId,
      spec.method,
      spec.path,
    );
  }

  private url(spec: RequestSpec): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) search.set(key, String(value));
    }
    const query = search.toString();
    return `${this.baseUrl}/api/v1${spec.path}${query ? `?${query}` : ''}`;
  }

  private networkError(error: unknown, spec: RequestSpec): VigilNetworkError {
    const url = this.url(spec);
    if (isTimeout(error)) {
      return new VigilNetworkError(
        `no answer from ${this.baseUrl} within ${formatSeconds(this.timeoutMs)} (${spec.method} ${spec.path})`,
        url,
        true,
        { cause: error },
      );
    }
    return new VigilNetworkError(
      `could not reach the registry at ${this.baseUrl}: ${describeCause(error)}`,
      url,
      false,
      {
        cause: error,
      },
    );
  }
}

function modelPath(name: string): string {
  return `/models/${encodeURIComponent(name)}`;
}

function versionPath(model: string, version: number): string {
  return `${modelPath(model)}/versions/${version}`;
}

function approvalPath(id: string): string {
  return `/approvals/${encodeURIComponent(id)}`;
}

function validationRunPath(id: string): string {
  return `/validation-runs/${encodeURIComponent(id)}`;
}

function validationJobPath(id: string): string {
  return `/validation-jobs/${encodeURIComponent(id)}`;
}

function ticketPath(id: string): string {
  return `/tickets/${encodeURIComponent(id)}`;
}

function sitePath(site: string): string {
  return `/sites/${encodeURIComponent(site)}`;
}

function datasetPath(site: string, name: string): string {
  return `${sitePath(site)}/datasets/${encodeURIComponent(name)}`;
}

function pageParams(query: PageQuery): Record<string, string | number | undefined> {
  return { limit: query.limit, cursor: query.cursor };
}

/** The body's `etag` is the contract; the header is the fallback should a body omit it. */
function withEtag<T extends { etag: string }>(body: T, response: Response): T {
  const header = response.headers.get('etag');
  if (typeof body.etag !== 'string' && header !== null) return { ...body, etag: header };
  return body;
}

async function readProblem(response: Response): Promise<ProblemDetails | null> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const problem = parsed as ProblemDetails;
    if (problem.errors !== undefined && !Array.isArray(problem.errors)) delete problem.errors;
    return problem;
  } catch {
    return null;
  }
}

/*
 * Errors are inspected by shape, not with instanceof: fetch's errors come from another realm under test
 * runners (and iframes in a browser), where instanceof Error is false.
 */
interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function errorLike(value: unknown): ErrorLike | undefined {
  return typeof value === 'object' && value !== null ? value : undefined;
}

function isTimeout(error: unknown): boolean {
  const name = errorLike(error)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** Node's fetch hides the useful part (`ECONNREFUSED`, `ENOTFOUND`) one or two causes down. */
function describeCause(error: unknown): string {
  let current = errorLike(error);
  let message = String(error);
  for (let depth = 0; depth < 5 && current !== undefined; depth += 1) {
    message = typeof current.message === 'string' ? current.message : message;
    if (typeof current.code === 'string') {
      return message.includes(current.code) ? message : `${current.code}: ${message}`;
    }
    current = errorLike(Array.isArray(current.errors) ? (current.errors as unknown[])[0] : current.cause);
  }
  return message;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
