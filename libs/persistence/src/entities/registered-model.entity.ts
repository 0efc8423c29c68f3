import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';

@Entity({ name: 'registered_model' })
@Unique('uq_registered_model_name', ['name'])
@Check('ck_registered_model_name', `"name" ~ '^[a-z0-9][a-z0-9._-]{0,99}$'`)
export class RegisteredModelEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_registered_model' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'owner', type: 'varchar', length: 200 })
  owner!: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'card', type: 'jsonb' })
  card!: Record<string, unknown>;

  @Column({ name: 'row_version', type: 'integer', default: 1 })
  rowVersion!: number;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
