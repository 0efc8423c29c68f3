import { Equals, IsString, MaxLength, MinLength } from 'class-validator';

/** The only change a version allows: archiving it (versions are immutable and never deleted). */
export class UpdateVersionDto {
  @Equals('archived', { message: 'status can only be set to "archived"' })
  status!: 'archived';

  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}
