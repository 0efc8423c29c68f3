import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versioned monitoring policies: one row per revision of a model's policy, never edited, so every judged window
 * and ticket can name the exact rules it was judged by.
 */
export class MonitoringPolicy1763870000000 implements MigrationInterface {
  name = 'MonitoringPolicy1763870000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "monitoring_policy" ("id" uuid NOT NULL, "model_id" uuid NOT NULL, "revision" integer NOT NULL, "policy" jsonb NOT NULL, "source" text NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_monitoring_policy_model_revision" UNIQUE ("model_id", "revision"), CONSTRAINT "pk_monitoring_policy" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `ALTER TABLE "monitoring_policy" ADD CONSTRAINT "fk_monitoring_policy_model" FOREIGN KEY ("model_id") REFERENCES "registered_model"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "monitoring_policy" DROP CONSTRAINT "fk_monitoring_policy_model"`);
    await db.query(`DROP TABLE "monitoring_policy"`);
  }
}
