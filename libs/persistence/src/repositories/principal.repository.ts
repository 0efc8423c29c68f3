import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, MoreThan } from 'typeorm';
import { PrincipalEntity } from '../entities/principal.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class PrincipalRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(PrincipalEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<PrincipalEntity | null> {
    return this.repo(manager).findOne({ where: { id } });
  }

  /** By id, e-mail or name: what a person types on the command line. */
  findByReference(ref: string, manager?: EntityManager): Promise<PrincipalEntity | null> {
    const where = UUID.test(ref) ? [{ id: ref }] : ref.includes('@') ? [{ email: ref.toLowerCase() }] : [{ name: ref }];
    return this.repo(manager).findOne({ where });
  }

  findByEmail(email: string): Promise<PrincipalEntity | null> {
    return this.repo().findOne({ where: { email: email.toLowerCase() } });
  }

  findByOidcSubject(subject: string, manager?: EntityManager): Promise<PrincipalEntity | null> {
    return this.repo(manager).findOne({ where: { oidcSubject: subject } });
  }

  /** Enabled people holding a role (any role for admin): who could sign under a policy. */
  activePeople(): Promise<PrincipalEntity[]> {
    return this.repo().createQueryBuilder('p').where(`p.kind = 'person' AND p.disabled_at IS NULL`).getMany();
  }

  listAfter(afterName: string | undefined, limit: number): Promise<PrincipalEntity[]> {
    return this.repo().find({
      where: afterName === undefined ? {} : { name: MoreThan(afterName) },
      order: { name: 'ASC' },
      take: limit,
    });
  }

  save(manager: EntityManager, p: PrincipalEntity): Promise<PrincipalEntity> {
    return this.repo(manager).save(p);
  }
}
