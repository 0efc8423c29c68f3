import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The drift monitor's state (docs/drift-monitor.md): frozen reference profiles per (version, site), evaluated
 * windows (their primary key makes evaluation happen once per window), incident states, governance tickets with
 * their event history (numbered from a sequence), and what the outbound sinks delivered.
 */
export class DriftMonitor1763880000000 implements MigrationInterface {
  name = 'DriftMonitor1763880000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "reference_profile" ("model_id" uuid NOT NULL, "version" integer NOT NULL, "site" character varying(100) NOT NULL, "fingerprint" character(64) NOT NULL, "source" character varying(20) NOT NULL, "source_detail" jsonb NOT NULL, "profile" jsonb NOT NULL, "frozen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_reference_profile" PRIMARY KEY ("model_id", "version", "site"))`,
    );
    await db.query(
      `CREATE TABLE "drift_window" ("model_id" uuid NOT NULL, "version" integer NOT NULL, "site" character varying(100) NOT NULL, "phase" character varying(12) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "window_end" TIMESTAMP WITH TIME ZONE NOT NULL, "policy_revision" integer NOT NULL, "reference_fingerprint" character(64) NOT NULL, "events" integer NOT NULL, "report" jsonb NOT NULL, "signals" jsonb NOT NULL, "aggregate" jsonb NOT NULL, "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "evaluated_by" character varying(200) NOT NULL, CONSTRAINT "ck_drift_window_phase" CHECK ("phase" IN ('inputs', 'performance')), CONSTRAINT "pk_drift_window" PRIMARY KEY ("model_id", "version", "site", "phase", "window_start"))`,
    );
    await db.query(
      `CREATE TABLE "drift_incident" ("model_id" uuid NOT NULL, "version" integer NOT NULL, "site" character varying(100) NOT NULL, "signal" character varying(40) NOT NULL, "status" character varying(20) NOT NULL, "state" jsonb NOT NULL, "policy_revision" integer NOT NULL, "ticket_id" uuid, "next_deadline" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_drift_incident" PRIMARY KEY ("model_id", "version", "site", "signal"))`,
    );
    await db.query(`CREATE INDEX "ix_drift_incident_deadline" ON "drift_incident" ("next_deadline")`);
    await db.query(`CREATE SEQUENCE "governance_ticket_number_seq" AS integer START WITH 1`);
    await db.query(
      `CREATE TABLE "governance_ticket" ("id" uuid NOT NULL, "number" integer NOT NULL, "model_id" uuid NOT NULL, "model_name" character varying(200) NOT NULL, "version" integer NOT NULL, "site" character varying(100) NOT NULL, "signal" character varying(40) NOT NULL, "status" character varying(12) NOT NULL, "severity" character varying(10) NOT NULL, "owner" character varying(200) NOT NULL, "title" text NOT NULL, "policy_revision" integer NOT NULL, "escalation_to" character varying(200), "escalation_due" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" character varying(200), "acknowledged_at" TIMESTAMP WITH TIME ZONE, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "close_reason" character varying(20), "resolved_by" character varying(200), "resolution_note" text, "evidence" jsonb NOT NULL, "latest_window" jsonb, "window_count" integer NOT NULL, "links" jsonb NOT NULL, "external_refs" jsonb NOT NULL, CONSTRAINT "uq_governance_ticket_number" UNIQUE ("number"), CONSTRAINT "ck_governance_ticket_status" CHECK ("status" IN ('open', 'recovering', 'closed')), CONSTRAINT "pk_governance_ticket" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `CREATE INDEX "ix_governance_ticket_key" ON "governance_ticket" ("model_id", "version", "site", "signal")`,
    );
    await db.query(`CREATE INDEX "ix_governance_ticket_status" ON "governance_ticket" ("status", "opened_at")`);
    await db.query(
      `CREATE TABLE "governance_ticket_event" ("seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" character varying(200) NOT NULL, "summary" text NOT NULL, "window" jsonb, CONSTRAINT "uq_governance_ticket_event_id" UNIQUE ("id"), CONSTRAINT "pk_governance_ticket_event" PRIMARY KEY ("seq"))`,
    );
    await db.query(
      `CREATE INDEX "ix_governance_ticket_event_ticket" ON "governance_ticket_event" ("ticket_id", "seq")`,
    );
    await db.query(
      `CREATE TABLE "ticket_delivery" ("sink" character varying(50) NOT NULL, "event_seq" bigint NOT NULL, "status" character varying(10) NOT NULL, "attempts" integer NOT NULL, "error" text, "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_ticket_delivery_status" CHECK ("status" IN ('delivered', 'failed')), CONSTRAINT "pk_ticket_delivery" PRIMARY KEY ("sink", "event_seq"))`,
    );
    for (const table of ['reference_profile', 'drift_window', 'drift_incident', 'governance_ticket']) {
      await db.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "fk_${table}_model" FOREIGN KEY ("model_id") REFERENCES "registered_model"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    }
    await db.query(
      `ALTER TABLE "governance_ticket_event" ADD CONSTRAINT "fk_governance_ticket_event_ticket" FOREIGN KEY ("ticket_id") REFERENCES "governance_ticket"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "ticket_delivery"`);
    await db.query(`DROP TABLE "governance_ticket_event"`);
    await db.query(`DROP TABLE "governance_ticket"`);
    await db.query(`DROP SEQUENCE "governance_ticket_number_seq"`);
    await db.query(`DROP TABLE "drift_incident"`);
    await db.query(`DROP TABLE "drift_window"`);
    await db.query(`DROP TABLE "reference_profile"`);
  }
}
