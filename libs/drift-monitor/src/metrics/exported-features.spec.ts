import { selectExportedFeatures } from './exported-features';
import { categoricalFeature, numericFeature } from './testing/window-report.builder';

const names = (r: ReturnType<typeof selectExportedFeatures>) => r.named.map((f) => f.feature);

describe('selectExportedFeatures', () => {
  const features = [
    numericFeature('a', { psi: 0.5, missingRateChange: 0 }),
    numericFeature('b', { psi: 0.4, missingRateChange: -0.01 }),
    numericFeature('c', { psi: 0.3 }),
    numericFeature('blank_feed', { psi: 0.01, missingRateChange: 0.6, ks: 0.9 }),
    categoricalFeature('new_codes', { psi: 0.02, unseenRate: 0.3 }),
    numericFeature('no_values', { psi: null, ks: null, missingRateChange: null }),
  ];

  it('gives the slots to the highest PSI, then the worst missing-share rise and unseen ratio, then by PSI', () => {
    expect(names(selectExportedFeatures(features, 1))).toEqual(['a']);
    expect(names(selectExportedFeatures(features, 2))).toEqual(['a', 'blank_feed']);
    expect(names(selectExportedFeatures(features, 3))).toEqual(['a', 'new_codes', 'blank_feed']);
    expect(names(selectExportedFeatures(features, 4))).toEqual(['a', 'b', 'new_codes', 'blank_feed']);
    expect(names(selectExportedFeatures(features, 6))).toEqual(['a', 'b', 'c', 'new_codes', 'blank_feed', 'no_values']);
  });

  it('summarises the rest by the largest value of each statistic, or not at all when nothing is left', () => {
    const r = selectExportedFeatures(features, 2);
    expect(r.other).toEqual({ psi: 0.4, ks: 0.03, missingRatioChange: 0, unseenCategoryRatio: 0.3 });
    expect(selectExportedFeatures(features, 6).other).toBeNull();
    expect(selectExportedFeatures(features, 0).other).toEqual({
      psi: 0.5,
      ks: 0.9,
      missingRatioChange: 0.6,
      unseenCategoryRatio: 0.3,
    });
  });

  it('reserves no slot for a missing-share or unseen value that did not rise', () => {
    const calm = [
      numericFeature('a', { psi: 0.3, missingRateChange: -0.2 }),
      numericFeature('b', { psi: 0.2, missingRateChange: 0 }),
      categoricalFeature('c', { psi: 0.1, unseenRate: 0 }),
    ];
    expect(names(selectExportedFeatures(calm, 2))).toEqual(['a', 'b']);
  });

  it('breaks PSI ties by name, and counts every feature in its PSI band', () => {
    const tied = [
      numericFeature('z', { psi: 0.1 }),
      numericFeature('m', { psi: 0.1 }),
      numericFeature('k', { psi: 0.25 }),
      numericFeature('q', { psi: 0.2500001 }),
      numericFeature('n', { psi: null }),
      numericFeature('s', { psi: 0.0999 }),
    ];
    const r = selectExportedFeatures(tied, 6);
    expect(names(r)).toEqual(['q', 'k', 'm', 'z', 's', 'n']);
    expect(r.bands).toEqual({ stable: 1, moderate: 3, major: 1, none: 1 });
  });
});
