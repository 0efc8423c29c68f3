import { ProgressBar, renderProgress } from './progress-bar';

describe('renderProgress', () => {
  it('shows bar, percent, bytes and speed', () => {
    expect(
      renderProgress({ label: 'uploading model.onnx', done: 12_500_000, total: 50_000_000, elapsedMs: 2000 }),
    ).toBe('uploading model.onnx  [######------------------]   25%  12.5 MB / 50.0 MB  6.25 MB/s');
  });

  it('shows bytes and speed without a total', () => {
    expect(renderProgress({ label: 'downloading', done: 1500, total: null, elapsedMs: 1000 })).toBe(
      'downloading  1.50 kB  1.50 kB/s',
    );
  });

  it('never passes 100%', () => {
    expect(renderProgress({ label: 'x', done: 200, total: 100, elapsedMs: 0 })).toContain('100%');
  });
});

describe('ProgressBar', () => {
  it('redraws in place at most every 100 ms and ends the line when finished', () => {
    let now = 0;
    const writes: string[] = [];
    const bar = new ProgressBar({ write: (chunk: string) => writes.push(chunk), isTTY: true }, 'up', 100, () => now);
    bar.update(10);
    now = 50;
    bar.update(20);
    now = 150;
    bar.update(30);
    bar.finish();
    expect(writes).toHaveLength(4);
    expect(writes.slice(0, 3).every((w) => w.startsWith('\r'))).toBe(true);
    expect(writes[1]).toContain('30%');
    expect(writes[2]).toContain('30%');
    expect(writes[3]).toBe('\n');
  });

  it('writes nothing on abort when nothing was drawn', () => {
    const writes: string[] = [];
    new ProgressBar({ write: (chunk: string) => writes.push(chunk) }, 'up', 100).abort();
    expect(writes).toEqual([]);
  });
});
