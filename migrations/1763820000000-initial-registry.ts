import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Models, versions, API tokens and the append-only audit log. */
export class InitialRegistry1763820000000 implements MigrationInterface {
  name = 'InitialRegistry1763820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "registered_model" (
        "id" uuid NOT NULL,
        "name" character varying(100) NOT NULL,
        "owner" character varying(200) NOT NULL,
        "description" text,
        "card" jsonb NOT NULL,
        "row_version" integer NOT NULL DEFAULT '1',
        "created_by" character varying(200) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_registered_model" PRIMARY KEY ("id"),
        CONSTRAINT "uq_registered_model_name" UNIQUE ("name"),
        CONSTRAINT "ck_registered_model_name" CHECK ("name" ~ '^[a-z0-9][a-z0-9._-]{0,99}$')
      )`);
    await db.query(`
      CREATE TABLE "model_version" (
        "id" uuid NOT NULL,
        "model_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "status" character varying(20) NOT NULL DEFAULT 'registered',
        "artifact_sha256" character(64) NOT NULL,
        "artifact_size_bytes" bigint NOT NULL,
        "git_commit" character varying(64) NOT NULL,
        "training_data_uri" text NOT NULL,
        "parent_version" integer,
        "threshold" double precision NOT NULL DEFAULT '0.5',
        "feature_columns" jsonb,
        "io_signature" jsonb NOT NULL,
        "row_version" integer NOT NULL DEFAULT '1',
        "created_by" character varying(200) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "archived_at" TIMESTAMP WITH TIME ZONE,
        "archive_reason" text,
        CONSTRAINT "pk_model_version" PRIMARY KEY ("id"),
        CONSTRAINT "uq_model_version_model_version" UNIQUE ("model_id", "version"),
        CONSTRAINT "uq_model_version_model_sha256" UNIQUE ("model_id", "artifact_sha256"),
        CONSTRAINT "ck_model_version_status" CHECK ("status" IN ('registered', 'archived')),
        CONSTRAINT "ck_model_version_sha256" CHECK ("artifact_sha256" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "ck_model_version_threshold" CHECK ("threshold" >= 0 AND "threshold" <= 1),
        CONSTRAINT "fk_model_version_model" FOREIGN KEY ("model_id") REFERENCES "registered_model"("id")
          ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX "ix_model_version_artifact_sha256" ON "model_version" ("artifact_sha256")`);
    await db.query(`
      CREATE TABLE "api_token" (
        "id" uuid NOT NULL,
        "name" character varying(100) NOT NULL,
        "role" character varying(20) NOT NULL,
        "token_hash" character(64) NOT NULL,
        "token_prefix" character varying(16) NOT NULL,
        "created_by" character varying(200) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_api_token" PRIMARY KEY ("id"),
        CONSTRAINT "uq_api_token_name" UNIQUE ("name"),
        CONSTRAINT "uq_api_token_hash" UNIQUE ("token_hash"),
        CONSTRAINT "ck_api_token_role" CHECK ("role" IN ('viewer', 'submitter', 'validator', 'approver', 'deployer', 'admin'))
      )`);
    await db.query(`
      CREATE TABLE "audit_log" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "actor" character varying(200) NOT NULL,
        "actor_role" character varying(20),
        "action" character varying(100) NOT NULL,
        "entity_type" character varying(50) NOT NULL,
        "entity_id" character varying(200) NOT NULL,
        "before" jsonb,
        "after" jsonb,
        "request_id" character varying(100),
        "prev_hash" character(64),
        "hash" character(64) NOT NULL,
        CONSTRAINT "pk_audit_log" PRIMARY KEY ("id")
      )`);
    await db.query(`CREATE INDEX "ix_audit_log_entity" ON "audit_log" ("entity_type", "entity_id", "id")`);
    // The audit trail is append-only: the application's own connection can never rewrite history.
    await db.query(`
      CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER "tr_audit_log_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_log"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER "tr_audit_log_append_only" ON "audit_log"`);
    await db.query(`DROP FUNCTION "audit_log_append_only"()`);
    await db.query(`DROP TABLE "audit_log"`);
    await db.query(`DROP TABLE "api_token"`);
    await db.query(`DROP TABLE "model_version"`);
    await db.query(`DROP TABLE "registered_model"`);
  }
}
