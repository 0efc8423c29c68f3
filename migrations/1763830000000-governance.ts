import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People and service accounts (tokens now belong to one), approval policies, requests and signatures,
 * deployment targets with their event history, idempotency records, and the full version lifecycle.
 */
export class Governance1763830000000 implements MigrationInterface {
  name = 'Governance1763830000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "principal" (
        "id" uuid NOT NULL,
        "kind" character varying(10) NOT NULL,
        "name" character varying(200) NOT NULL,
        "email" character varying(320),
        "role" character varying(20) NOT NULL,
        "attributes" jsonb NOT NULL,
        "password_hash" text,
        "oidc_subject" character varying(300),
        "created_by" character varying(200) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "disabled_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_principal" PRIMARY KEY ("id"),
        CONSTRAINT "uq_principal_name" UNIQUE ("name"),
        CONSTRAINT "uq_principal_email" UNIQUE ("email"),
        CONSTRAINT "uq_principal_oidc_subject" UNIQUE ("oidc_subject"),
        CONSTRAINT "ck_principal_kind" CHECK ("kind" IN ('person', 'service')),
        CONSTRAINT "ck_principal_role" CHECK ("role" IN ('viewer', 'submitter', 'validator', 'approver', 'deployer', 'admin'))
      )`);
    // Every existing token becomes a service account of the same name and role.
    await db.query(`ALTER TABLE "api_token" ADD "principal_id" uuid`);
    await db.query(`
      INSERT INTO "principal" ("id", "kind", "name", "role", "attributes", "created_by", "created_at")
      SELECT "id", 'service', "name", "role", '[]'::jsonb, "created_by", "created_at" FROM "api_token"`);
    await db.query(`UPDATE "api_token" SET "principal_id" = "id"`);
    await db.query(`ALTER TABLE "api_token" ALTER COLUMN "principal_id" SET NOT NULL`);
    await db.query(`
      ALTER TABLE "api_token" ADD CONSTRAINT "fk_api_token_principal" FOREIGN KEY ("principal_id")
        REFERENCES "principal"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    await db.query(`ALTER TABLE "model_version" DROP CONSTRAINT "ck_model_version_status"`);
    await db.query(`
      ALTER TABLE "model_version" ADD CONSTRAINT "ck_model_version_status"
        CHECK ("status" IN ('registered', 'validating', 'validated', 'failed', 'archived'))`);

    await db.query(`
      CREATE TABLE "approval_policy" (
        "id" uuid NOT NULL,
        "model_id" uuid NOT NULL,
        "policy_version" integer NOT NULL,
        "document" jsonb NOT NULL,
        "created_by" character varying(200) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_approval_policy" PRIMARY KEY ("id"),
        CONSTRAINT "uq_approval_policy_model_version" UNIQUE ("model_id", "policy_version"),
        CONSTRAINT "fk_approval_policy_model" FOREIGN KEY ("model_id") REFERENCES "registered_model"("id")
          ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`
      CREATE TABLE "approval_request" (
        "id" uuid NOT NULL,
        "model_version_id" uuid NOT NULL,
        "artifact_sha256" character(64) NOT NULL,
        "environment" character varying(50) NOT NULL,
        "sites" jsonb NOT NULL,
        "policy_version" integer NOT NULL,
        "evidence" jsonb NOT NULL,
        "status" character varying(20) NOT NULL,
        "note" text,
        "requested_by" character varying(200) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "expires_at" TIMESTAMP WITH TIME ZONE,
        "row_version" integer NOT NULL DEFAULT '1',
        CONSTRAINT "pk_approval_request" PRIMARY KEY ("id"),
        CONSTRAINT "ck_approval_request_status"
          CHECK ("status" IN ('open', 'approved', 'rejected', 'stale', 'withdrawn', 'expired')),
        CONSTRAINT "fk_approval_request_version" FOREIGN KEY ("model_version_id") REFERENCES "model_version"("id")
          ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(
      `CREATE INDEX "ix_approval_request_version" ON "approval_request" ("model_version_id", "environment")`,
    );
    await db.query(`
      CREATE TABLE "approval_signature" (
        "id" uuid NOT NULL,
        "request_id" uuid NOT NULL,
        "signer_id" uuid NOT NULL,
        "printed_name" character varying(200) NOT NULL,
        "signer_role" character varying(20) NOT NULL,
        "signer_attributes" jsonb NOT NULL,
        "decision" character varying(10) NOT NULL,
        "meaning" text NOT NULL,
        "reason" text NOT NULL,
        "auth_method" character varying(20) NOT NULL,
        "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "signed_hash" character(64) NOT NULL,
        CONSTRAINT "pk_approval_signature" PRIMARY KEY ("id"),
        CONSTRAINT "uq_approval_signature_signer" UNIQUE ("request_id", "signer_id"),
        CONSTRAINT "ck_approval_signature_decision" CHECK ("decision" IN ('approve', 'reject')),
        CONSTRAINT "fk_approval_signature_request" FOREIGN KEY ("request_id") REFERENCES "approval_request"("id")
          ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_approval_signature_signer" FOREIGN KEY ("signer_id") REFERENCES "principal"("id")
          ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    // Signatures are never edited or deleted.
    await db.query(`
      CREATE FUNCTION "approval_signature_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'approval signatures cannot be changed (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER "tr_approval_signature_immutable" BEFORE UPDATE OR DELETE OR TRUNCATE ON "approval_signature"
      FOR EACH STATEMENT EXECUTE FUNCTION "approval_signature_immutable"()`);
    await db.query(`
      CREATE TABLE "deployment_target" (
        "model_id" uuid NOT NULL,
        "environment" character varying(50) NOT NULL,
        "site" character varying(100) NOT NULL,
        "version" integer,
        "approval_request_id" uuid,
        "updated_by" character varying(200),
        "updated_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_deployment_target" PRIMARY KEY ("model_id", "environment", "site"),
        CONSTRAINT "fk_deployment_target_model" FOREIGN KEY ("model_id") REFERENCES "registered_model"("id")
          ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`
      CREATE TABLE "deployment_event" (
        "id" uuid NOT NULL,
        "model_id" uuid NOT NULL,
        "environment" character varying(50) NOT NULL,
        "site" character varying(100) NOT NULL,
        "kind" character varying(10) NOT NULL,
        "version" integer NOT NULL,
        "previous_version" integer,
        "approval_request_id" uuid,
        "reason" text,
        "actor" character varying(200) NOT NULL,
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_deployment_event" PRIMARY KEY ("id"),
        CONSTRAINT "ck_deployment_event_kind" CHECK ("kind" IN ('promote', 'rollback'))
      )`);
    await db.query(
      `CREATE INDEX "ix_deployment_event_target" ON "deployment_event" ("model_id", "environment", "site", "occurred_at")`,
    );
    await db.query(`
      CREATE TABLE "idempotency_record" (
        "principal_id" character varying(100) NOT NULL,
        "key" character varying(200) NOT NULL,
        "request_hash" character(64) NOT NULL,
        "status_code" integer,
        "response_body" jsonb,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_idempotency_record" PRIMARY KEY ("principal_id", "key")
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "idempotency_record"`);
    await db.query(`DROP TABLE "deployment_event"`);
    await db.query(`DROP TABLE "deployment_target"`);
    await db.query(`DROP TRIGGER "tr_approval_signature_immutable" ON "approval_signature"`);
    await db.query(`DROP FUNCTION "approval_signature_immutable"()`);
    await db.query(`DROP TABLE "approval_signature"`);
    await db.query(`DROP TABLE "approval_request"`);
    await db.query(`DROP TABLE "approval_policy"`);
    await db.query(`ALTER TABLE "model_version" DROP CONSTRAINT "ck_model_version_status"`);
    await db.query(
      `ALTER TABLE "model_version" ADD CONSTRAINT "ck_model_version_status" CHECK ("status" IN ('registered', 'archived'))`,
    );
    await db.query(`ALTER TABLE "api_token" DROP CONSTRAINT "fk_api_token_principal"`);
    await db.query(`ALTER TABLE "api_token" DROP COLUMN "principal_id"`);
    await db.query(`DROP TABLE "principal"`);
  }
}
