import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { validateDto } from '@vigil/contracts';

const PLAIN = new Set<unknown>([String, Number, Boolean, Object, Array]);

/** Validates @Body() and @Query() against their DTO class, refusing unknown fields with the field named. */
@Injectable()
export class DtoValidationPipe implements PipeTransform {
  async transform(value: unknown, meta: ArgumentMetadata): Promise<unknown> {
    if ((meta.type !== 'body' && meta.type !== 'query') || !meta.metatype || PLAIN.has(meta.metatype)) return value;
    return validateDto(meta.metatype as new () => object, value ?? {});
  }
}
