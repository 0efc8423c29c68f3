import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit, Logger } from '@nestjs/common';
import { DEFAULT_EXPIRY_WARNING_DAYS, canonicalJson, expiryState } from '@vigil/domain';
import { DeploymentRepository } from '@vigil/persistence';
import { ARTIFACT_STORE, type ArtifactStore } from '@vigil/storage';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DEPLOYMENT_CHANNEL, DeploymentChanges } from './deployment-changes';

export interface SiteManifest {
  etag: string;
  body: {
    site: string;
    environment: string | null;
    generatedAt: string;
    models: unknown[];
  };
}

interface CacheEntry {
  manifest: SiteManifest;
  validUntil: number;
}

/** However quiet the notifications, a cached manifest is rebuilt at least this often. */
const MAX_AGE_MS = 60_000;
const PRESIGNED_URL_TTL_S = 900;
const DAY_MS = 86_400_000;

/**
 * The manifest an edge node polls: what each model at a site should run, where to fetch it, its checksum,
 * I/O signature and threshold, and whether its approval is expiring or expired. Kept in memory per site and
 * dropped when a promotion or rollback commits anywhere (PostgreSQL LISTEN/NOTIFY), so an unchanged poll —
 * the common case — is answered without touching the database.
 */
@Injectable()
export class SiteManifestService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SiteManifest');
  private readonly cache = new Map<string, CacheEntry>();
  private listener: Client | undefined;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly changes: DeploymentChanges,
    private readonly dataSource: DataSource,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.changes.onChange((site) => this.forgetSite(site));
    void this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.listener?.end().catch(() => undefined);
  }

  /** The cached manifest when it is still current, else null: the 304 path never waits on the database. */
  peek(site: string, environment: string | undefined): SiteManifest | null {
    const hit = this.cache.get(key(site, environment));
    return hit && hit.validUntil > Date.now() ? hit.manifest : null;
  }

  async get(site: string, environment: string | undefined): Promise<SiteManifest> {
    const cached = this.peek(site, environment);
    if (cached) return cached;
    const rows = await this.deployments.forSite(site, environment);
    const now = new Date();
    let validUntil = now.getTime() + MAX_AGE_MS;
    const models = [];
    for (const r of rows) {
      const state = r.approvalExpiresAt ? expiryState(r.approvalExpiresAt, now, DEFAULT_EXPIRY_WARNING_DAYS) : null;
      if (r.approvalExpiresAt) {
        // Rebuild when the approval crosses into "expiring" or "expired", so the flag is never late.
        for (const boundary of [
          r.approvalExpiresAt.getTime() - DEFAULT_EXPIRY_WARNING_DAYS * DAY_MS,
          r.approvalExpiresAt.getTime(),
        ]) {
          if (boundary > now.getTime()) validUntil = Math.min(validUntil, boundary);
        }
      }
      const presigned = await this.store.presignedDownloadUrl(r.artifactSha256, PRESIGNED_URL_TTL_S);
      models.push({
        model: r.modelName,
        environment: r.environment,
        version: r.version,
        artifact: {
          sha256: r.artifactSha256,
          sizeBytes: Number(r.artifactSizeBytes),
          url: presigned ?? `/api/v1/models/${r.modelName}/versions/${r.version}/artifact`,
          urlExpiresAt: presigned ? new Date(now.getTime() + PRESIGNED_URL_TTL_S * 1000).toISOString() : null,
        },
        ioSignature: r.ioSignature,
        threshold: r.threshold,
        featureColumns: r.featureColumns,
        approval: {
          requestId: r.approvalRequestId,
          expiresAt: r.approvalExpiresAt?.toISOString() ?? null,
          state: state ?? 'valid',
        },
        deployedAt: r.updatedAt.toISOString(),
      });
      if (presigned) validUntil = Math.min(validUntil, now.getTime() + (PRESIGNED_URL_TTL_S * 1000) / 3);
    }
    // The ETag covers what the node acts on, not the generation time or a fresh URL signature.
    const stable = models.map((m) => ({ ...m, artifact: { ...m.artifact, url: undefined, urlExpiresAt: undefined } }));
    const etag = `"${createHash('sha256')
      .update(canonicalJson({ site, environment: environment ?? null, stable }))
      .digest('base64url')
      .slice(0, 27)}"`;
    const manifest: SiteManifest = {
      etag,
      body: { site, environment: environment ?? null, generatedAt: now.toISOString(), models },
    };
    this.cache.set(key(site, environment), { manifest, validUntil });
    return manifest;
  }

  private forgetSite(site: string): void {
    for (const k of this.cache.keys()) if (k.startsWith(`${site}\u0000`)) this.cache.delete(k);
  }

  /** A dedicated connection LISTENs for other replicas' changes; if it drops, the cache is cleared and it reconnects. */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url });
    client.on('notification', (n) => {
      if (n.channel === DEPLOYMENT_CHANNEL && n.payload) this.forgetSite(n.payload);
    });
    client.on('error', () => undefined);
    client.on('end', () => {
      this.cache.clear();
      if (!this.stopped) setTimeout(() => void this.listen(), 2000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${DEPLOYMENT_CHANNEL}`);
      this.listener = client;
    } catch (err) {
      this.logger.warn({ err }, 'cannot listen for deployment changes yet; manifests are rebuilt at most every minute');
      await client.end().catch(() => undefined);
    }
  }
}

function key(site: string, environment: string | undefined): string {
  return `${site}\u0000${environment ?? '*'}`;
}
