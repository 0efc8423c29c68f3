import { InvalidArgumentError } from 'commander';
import {
  parseExpiry,
  parseGitCommit,
  parseInstant,
  parseLimit,
  parseNameList,
  parseThreshold,
  parseVersionNumber,
} from './option-parsers';

describe('option parsers', () => {
  it('accepts limits from 1 to 200 only', () => {
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit('200')).toBe(200);
    for (const bad of ['0', '201', '-1', '2.5', 'ten', '']) expect(() => parseLimit(bad)).toThrow(InvalidArgumentError);
  });

  it('accepts positive whole version numbers', () => {
    expect(parseVersionNumber('3')).toBe(3);
    for (const bad of ['0', 'x', '1e3', '-2']) expect(() => parseVersionNumber(bad)).toThrow(InvalidArgumentError);
  });

  it('accepts finite thresholds', () => {
    expect(parseThreshold('0.5')).toBe(0.5);
    expect(parseThreshold('-1.25')).toBe(-1.25);
    for (const bad of ['', 'high', 'NaN', 'Infinity']) expect(() => parseThreshold(bad)).toThrow(InvalidArgumentError);
  });

  it('accepts 7-64 hex characters as a commit, lower-cased', () => {
    expect(parseGitCommit('ABC1234')).toBe('abc1234');
    expect(parseGitCommit('a'.repeat(64))).toBe('a'.repeat(64));
    for (const bad of ['abc123', 'a'.repeat(65), 'xyz1234', 'HEAD'])
      expect(() => parseGitCommit(bad)).toThrow(InvalidArgumentError);
  });

  describe('parseExpiry', () => {
    const parse = parseExpiry(() => new Date('2026-11-22T12:00:00Z'));

    it('reads a date as midnight UTC and an instant with its zone', () => {
      expect(parse('2027-01-01')).toBe('2027-01-01T00:00:00.000Z');
      expect(parse('2027-01-01T12:30:00+02:00')).toBe('2027-01-01T10:30:00.000Z');
    });

    it.each(['2027-02-30', '2027-13-01', 'next year', '2027-01-01T12:00', '01/01/2027'])('refuses %p', (value) => {
      expect(() => parse(value)).toThrow(/must be a date/);
    });

    it('refuses a moment already past', () => {
      expect(() => parse('2026-11-22')).toThrow(/in the past/);
    });
  });

  describe('parseInstant', () => {
    it('normalises what people write to a full ISO instant in UTC', () => {
      expect(parseInstant('2026-03-01T08:00Z')).toBe('2026-03-01T08:00:00.000Z');
      expect(parseInstant('2026-03-01t08:00z')).toBe('2026-03-01T08:00:00.000Z');
      expect(parseInstant('2026-03-01T09:00:30+01:00')).toBe('2026-03-01T08:00:30.000Z');
      expect(parseInstant(' 2026-03-01 ')).toBe('2026-03-01T00:00:00.000Z');
      expect(parseInstant('2026-03-01T08:00:00.25Z')).toBe('2026-03-01T08:00:00.250Z');
    });

    it('refuses a time without its zone, impossible dates and other text', () => {
      for (const bad of ['2026-03-01T08:00', '2026-02-30', '2026-03-01T25:00Z', 'yesterday', '']) {
        expect(() => parseInstant(bad)).toThrow(InvalidArgumentError);
      }
    });
  });

  it('splits name lists on commas, trimming and dropping repeats', () => {
    const sites = parseNameList('--sites');
    expect(sites('site-a, site-b,site-a')).toEqual(['site-a', 'site-b']);
    expect(() => sites('site-a,,site-b')).toThrow(InvalidArgumentError);
    expect(() => sites('')).toThrow(InvalidArgumentError);
  });
});
