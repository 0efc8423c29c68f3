import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = `"event_id", "model_id", "version", "site", "event_time", "features", "score", "alert_shown", "submitted_by", "received_at"`;
const COLUMN_DEFS = `"event_id" character varying(100) NOT NULL, "model_id" uuid NOT NULL, "version" integer NOT NULL, "site" character varying(100) NOT NULL, "event_time" TIMESTAMP WITH TIME ZONE NOT NULL, "features" jsonb NOT NULL, "score" double precision NOT NULL, "alert_shown" boolean NOT NULL, "submitted_by" character varying(200) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`;

/**
 * Raw inference events partitioned by day (docs/drift-ingestion.md, "Storage and retention"): `inference_event`
 * becomes `PARTITION BY RANGE (event_time)` with one partition per UTC day (`inference_event_pYYYYMMDD`, created
 * ahead by the drift monitor and dropped whole by retention) and a DEFAULT partition for days without one. A
 * partitioned table's unique key must include the partition column, so the primary key becomes
 * (event_id, event_time) and "one event per id" moves to the unpartitioned `inference_event_key`, which outcomes
 * and feedback now reference. The per-stream index stays; the time index goes (retention drops partitions).
 * Existing rows are kept: each UTC day they cover gets its partition, and every row its key.
 */
export class EventPartitions1763860000000 implements MigrationInterface {
  name = 'EventPartitions1763860000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "event_outcome" DROP CONSTRAINT "fk_event_outcome_event"`);
    await db.query(`ALTER TABLE "clinician_feedback" DROP CONSTRAINT "fk_clinician_feedback_event"`);
    // The old table steps aside for the copy; its index names are freed for the new one.
    await db.query(`ALTER TABLE "inference_event" RENAME TO "inference_event_unpartitioned"`);
    await db.query(`ALTER TABLE "inference_event_unpartitioned" DROP CONSTRAINT "fk_inference_event_model"`);
    await db.query(`ALTER TABLE "inference_event_unpartitioned" DROP CONSTRAINT "pk_inference_event"`);
    await db.query(`DROP INDEX "public"."ix_inference_event_stream"`);
    await db.query(`DROP INDEX "public"."ix_inference_event_time"`);

    await db.query(
      `CREATE TABLE "inference_event_key" ("event_id" character varying(100) NOT NULL, "event_time" TIMESTAMP WITH TIME ZONE NOT NULL, "site" character varying(100) NOT NULL, CONSTRAINT "pk_inference_event_key" PRIMARY KEY ("event_id"))`,
    );
    await db.query(
      `CREATE TABLE "inference_event" (${COLUMN_DEFS}, CONSTRAINT "ck_inference_event_score" CHECK ("score" >= 0 AND "score" <= 1), CONSTRAINT "pk_inference_event" PRIMARY KEY ("event_id", "event_time")) PARTITION BY RANGE ("event_time")`,
    );
    await db.query(
      `CREATE INDEX "ix_inference_event_stream" ON "inference_event" ("model_id", "version", "site", "event_time")`,
    );
    await db.query(
      `ALTER TABLE "inference_event" ADD CONSTRAINT "fk_inference_event_model" FOREIGN KEY ("model_id") REFERENCES "registered_model"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(`CREATE TABLE "inference_event_default" PARTITION OF "inference_event" DEFAULT`);
    // One partition per UTC day that existing rows fall on (the same names and bounds the drift monitor uses).
    await db.query(`
      DO $$
      DECLARE d date;
      BEGIN
        FOR d IN SELECT DISTINCT (event_time AT TIME ZONE 'UTC')::date FROM inference_event_unpartitioned LOOP
          EXECUTE format('CREATE TABLE %I PARTITION OF inference_event FOR VALUES FROM (%L) TO (%L)',
                         'inference_event_p' || to_char(d, 'YYYYMMDD'),
                         to_char(d, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(d + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
        END LOOP;
      END $$`);
    await db.query(`INSERT INTO "inference_event" (${COLUMNS}) SELECT ${COLUMNS} FROM "inference_event_unpartitioned"`);
    await db.query(
      `INSERT INTO "inference_event_key" ("event_id", "event_time", "site") SELECT "event_id", "event_time", "site" FROM "inference_event_unpartitioned"`,
    );
    await db.query(`DROP TABLE "inference_event_unpartitioned"`);

    await db.query(
      `ALTER TABLE "event_outcome" ADD CONSTRAINT "fk_event_outcome_event" FOREIGN KEY ("event_id") REFERENCES "inference_event_key"("event_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "clinician_feedback" ADD CONSTRAINT "fk_clinician_feedback_event" FOREIGN KEY ("event_id") REFERENCES "inference_event_key"("event_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "clinician_feedback" DROP CONSTRAINT "fk_clinician_feedback_event"`);
    await db.query(`ALTER TABLE "event_outcome" DROP CONSTRAINT "fk_event_outcome_event"`);
    await db.query(`CREATE TABLE "inference_event_unpartitioned" (${COLUMN_DEFS})`);
    await db.query(`INSERT INTO "inference_event_unpartitioned" (${COLUMNS}) SELECT ${COLUMNS} FROM "inference_event"`);
    // Drops every partition with it.
    await db.query(`DROP TABLE "inference_event"`);
    await db.query(`DROP TABLE "inference_event_key"`);
    await db.query(`ALTER TABLE "inference_event_unpartitioned" RENAME TO "inference_event"`);
    await db.query(
      `ALTER TABLE "inference_event" ADD CONSTRAINT "ck_inference_event_score" CHECK ("score" >= 0 AND "score" <= 1)`,
    );
    await db.query(`ALTER TABLE "inference_event" ADD CONSTRAINT "pk_inference_event" PRIMARY KEY ("event_id")`);
    await db.query(`CREATE INDEX "ix_inference_event_time" ON "inference_event" ("event_time")`);
    await db.query(
      `CREATE INDEX "ix_inference_event_stream" ON "inference_event" ("model_id", "version", "site", "event_time")`,
    );
    await db.query(
      `ALTER TABLE "inference_event" ADD CONSTRAINT "fk_inference_event_model" FOREIGN KEY ("model_id") REFERENCES "registered_model"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "event_outcome" ADD CONSTRAINT "fk_event_outcome_event" FOREIGN KEY ("event_id") REFERENCES "inference_event"("event_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "clinician_feedback" ADD CONSTRAINT "fk_clinician_feedback_event" FOREIGN KEY ("event_id") REFERENCES "inference_event"("event_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
