import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { MonitoringStatus } from '@vigil/contracts';
import { MonitoringStatusQuery } from '@vigil/drift-monitor';
import { AnyRole } from '@vigil/platform';
import { parseVersionParam } from '../http/parse-version-param';

/** Where the drift monitor stands for one version (docs/drift-monitor.md, `vigil monitor status`). */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1/models/:name/versions/:version/monitoring')
export class MonitoringStatusController {
  constructor(private readonly status: MonitoringStatusQuery) {}

  @Get()
  @AnyRole()
  async show(
    @Param('name') name: string,
    @Param('version') version: string,
    @Query('site') site?: string,
  ): Promise<MonitoringStatus> {
    const view = await this.status.execute(name, parseVersionParam(version), site || undefined);
    // Dates become ISO strings on the way out, as the wire type says.
    return JSON.parse(JSON.stringify(view)) as MonitoringStatus;
  }
}
