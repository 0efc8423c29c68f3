import { Registry } from 'prom-client';
import { SnapshotGauge } from './snapshot-gauge';

describe('SnapshotGauge', () => {
  const make = () => {
    const registry = new Registry();
    const gauge = new SnapshotGauge({ name: 'vigil_x', help: 'x', labelNames: ['site'], registers: [registry] });
    return { registry, gauge };
  };

  it('shows exactly the series last given to replace, in that order', async () => {
    const { registry, gauge } = make();
    expect(await registry.metrics()).toBe('# HELP vigil_x x\n# TYPE vigil_x gauge\n');
    gauge.replace([
      { labels: { site: 'b' }, value: 2 },
      { labels: { site: 'a' }, value: 1 },
    ]);
    expect(await registry.metrics()).toBe(
      '# HELP vigil_x x\n# TYPE vigil_x gauge\nvigil_x{site="b"} 2\nvigil_x{site="a"} 1\n',
    );
    gauge.replace([{ labels: { site: 'c' }, value: 3 }]);
    expect(await registry.metrics()).toBe('# HELP vigil_x x\n# TYPE vigil_x gauge\nvigil_x{site="c"} 3\n');
  });

  it('is emptied by registry.resetMetrics(), and its samples are not changed by readers adding default labels', async () => {
    const { registry, gauge } = make();
    gauge.replace([{ labels: { site: 'a' }, value: 1 }]);
    registry.setDefaultLabels({ replica: 'r1' });
    const json = await registry.getMetricsAsJSON();
    expect(json[0].values).toEqual([{ labels: { site: 'a', replica: 'r1' }, value: 1 }]);
    registry.setDefaultLabels({});
    expect((await gauge.get()).values).toEqual([{ labels: { site: 'a' }, value: 1 }]);
    registry.resetMetrics();
    expect((await gauge.get()).values).toEqual([]);
  });
});
