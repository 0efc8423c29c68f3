import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessErrors, RegistryErrors, type Role } from '@vigil/domain';
import { AuditLogRepository, PrincipalEntity, PrincipalRepository } from '@vigil/persistence';
import { PasswordHasher, checkPasswordStrength } from '@vigil/platform';
import { DataSource, QueryFailedError } from 'typeorm';
import { type Actor, auditBy } from '../shared/actor';

export interface CreatePersonCommand extends Actor {
  name: string;
  email: string;
  role: Role;
  attributes: string[];
  /** Optional: a person who signs in only through OIDC has none. */
  password?: string;
}

/** Adds a person (who, unlike a service account, can sign approvals). The password is kept only as scrypt. */
@Injectable()
export class CreatePersonUseCase {
  constructor(
    private readonly db: DataSource,
    private readonly principals: PrincipalRepository,
    private readonly audit: AuditLogRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(cmd: CreatePersonCommand): Promise<PrincipalEntity> {
    const email = cmd.email.toLowerCase();
    if (cmd.password !== undefined) {
      const problems = checkPasswordStrength(cmd.password, { email, name: cmd.name });
      if (problems.length > 0)
        throw RegistryErrors.validation(problems.map((p) => ({ field: 'password', message: p.message })));
    }
    const passwordHash = cmd.password === undefined ? null : await this.hasher.hash(cmd.password);
    try {
      return await this.db.transaction(async (em) => {
        const person = await this.principals.save(
          em,
          Object.assign(new PrincipalEntity(), {
            id: randomUUID(),
            kind: 'person',
            name: cmd.name,
            email,
            role: cmd.role,
            attributes: [...new Set(cmd.attributes)].sort(),
            passwordHash,
            oidcSubject: null,
            createdBy: cmd.principal.name,
            createdAt: new Date(),
            disabledAt: null,
          }),
        );
        await this.audit.append(
          em,
          auditBy(cmd, {
            action: 'principal.created',
            entityType: 'principal',
            entityId: person.id,
            before: null,
            after: {
              kind: 'person',
              name: person.name,
              email,
              role: person.role,
              attributes: person.attributes,
              hasPassword: passwordHash !== null,
            },
          }),
        );
        return person;
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') {
        const c = (e.driverError as { constraint?: string }).constraint ?? '';
        throw AccessErrors.principalExists(c.includes('email') ? `the e-mail ${email}` : `the name "${cmd.name}"`);
      }
      throw e;
    }
  }
}
