import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { ApprovalRequestEntity } from './approval-request.entity';
import { PrincipalEntity } from './principal.entity';

/** An electronic signature: who, as what, when (server clock), what it means, and the hash of what was signed. */
@Entity({ name: 'approval_signature' })
@Unique('uq_approval_signature_signer', ['requestId', 'signerId'])
@Check('ck_approval_signature_decision', `"decision" IN ('approve', 'reject')`)
export class ApprovalSignatureEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_approval_signature' })
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @ManyToOne(() => ApprovalRequestEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'fk_approval_signature_request' })
  request?: ApprovalRequestEntity;

  @Column({ name: 'signer_id', type: 'uuid' })
  signerId!: string;

  @ManyToOne(() => PrincipalEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'signer_id', foreignKeyConstraintName: 'fk_approval_signature_signer' })
  signer?: PrincipalEntity;

  @Column({ name: 'printed_name', type: 'varchar', length: 200 })
  printedName!: string;

  @Column({ name: 'signer_role', type: 'varchar', length: 20 })
  signerRole!: string;

  @Column({ name: 'signer_attributes', type: 'jsonb' })
  signerAttributes!: string[];

  @Column({ name: 'decision', type: 'varchar', length: 10 })
  decision!: 'approve' | 'reject';

  @Column({ name: 'meaning', type: 'text' })
  meaning!: string;

  @Column({ name: 'reason', type: 'text' })
  reason!: string;

  @Column({ name: 'auth_method', type: 'varchar', length: 20 })
  authMethod!: string;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;

  @Column({ name: 'signed_hash', type: 'char', length: 64 })
  signedHash!: string;
}
