import { Injectable, type PipeTransform } from '@nestjs/common';
import { type EventBatch, validateEventBatch } from '@vigil/contracts';

/**
 * Checks a POST /api/v1/events body with the hand-written `validateEventBatch` (400 `validation_failed`, each
 * problem named by index and field) instead of the class-validator DTO, which cost more than the rest of
 * ingestion together. Use it as `@Body(EventBatchPipe) body: EventBatch`: the parameter's type is an interface,
 * so the app's global DTO pipe leaves the body to this one.
 */
@Injectable()
export class EventBatchPipe implements PipeTransform<unknown, EventBatch> {
  transform(value: unknown): EventBatch {
    return validateEventBatch(value);
  }
}
