import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, MoreThan } from 'typeorm';
import { RegisteredModelEntity } from '../entities/registered-model.entity';

@Injectable()
export class RegisteredModelRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RegisteredModelEntity);
  }

  findByName(name: string, manager?: EntityManager): Promise<RegisteredModelEntity | null> {
    return this.repo(manager).findOne({ where: { name } });
  }

  /** Locks the model row for the rest of the transaction (serialises version numbering per model). */
  lockByName(manager: EntityManager, name: string): Promise<RegisteredModelEntity | null> {
    return this.repo(manager).findOne({ where: { name }, lock: { mode: 'pessimistic_write' } });
  }

  /** Models ordered by name, after the cursor's name. */
  listAfter(afterName: string | undefined, limit: number): Promise<RegisteredModelEntity[]> {
    return this.repo().find({
      where: afterName === undefined ? {} : { name: MoreThan(afterName) },
      order: { name: 'ASC' },
      take: limit,
    });
  }

  insert(manager: EntityManager, model: RegisteredModelEntity): Promise<RegisteredModelEntity> {
    return this.repo(manager).save(model);
  }

  save(manager: EntityManager, model: RegisteredModelEntity): Promise<RegisteredModelEntity> {
    return this.repo(manager).save(model);
  }
}
