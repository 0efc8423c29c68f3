import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { PrincipalEntity } from './principal.entity';

@Entity({ name: 'api_token' })
@Unique('uq_api_token_name', ['name'])
@Unique('uq_api_token_hash', ['tokenHash'])
@Check('ck_api_token_role', `"role" IN ('viewer', 'submitter', 'validator', 'approver', 'deployer', 'admin')`)
export class ApiTokenEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_api_token' })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'role', type: 'varchar', length: 20 })
  role!: string;

  /** SHA-256 of the secret: the secret has 256 bits of entropy, so a fast hash is enough and keeps auth cheap. */
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ name: 'token_prefix', type: 'varchar', length: 16 })
  tokenPrefix!: string;

  /** The person or service account the token acts for. */
  @Column({ name: 'principal_id', type: 'uuid' })
  principalId!: string;

  @ManyToOne(() => PrincipalEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'principal_id', foreignKeyConstraintName: 'fk_api_token_principal' })
  principal?: PrincipalEntity;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
