import { Gauge } from 'prom-client';

type GaugeReading = Awaited<ReturnType<Gauge<string>['get']>>;
export type GaugeSample = GaugeReading['values'][number];

/**
 * A prom-client gauge whose series are replaced all at once with `replace`, instead of one `set` each: `set`
 * hashes and checks the labels of every call, which for 10,000 series blocked the event loop for 100–250 ms per
 * update on the 2-core machine. The registry reads a gauge through `get()`, so that is where the series are given.
 * Only `replace` fills it; `set`, `inc` and `dec` of the base class are not for this gauge.
 */
export class SnapshotGauge extends Gauge<string> {
  private samples: readonly GaugeSample[] = [];

  replace(samples: readonly GaugeSample[]): void {
    this.samples = samples;
  }

  override reset(): void {
    super.reset();
    this.samples = [];
  }

  /** Fresh value objects each time: the registry may rewrite their labels (getMetricsAsJSON adds default labels). */
  override async get(): Promise<GaugeReading> {
    const reading = await super.get();
    return { ...reading, values: this.samples.map(({ labels, value }) => ({ labels, value })) };
  }
}
