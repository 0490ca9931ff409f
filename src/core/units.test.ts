import { describe, expect, it } from 'vitest';
import { parseDurationNs, parseEventRatePerS, parseProbability, parseRateBps, parseSizeBytes, UnitError } from './units.ts';

describe('unit parsing', () => {
  it.each([
    ['250ns', 250],
    ['5us', 5_000],
    ['5µs', 5_000],
    ['1.5ms', 1_500_000],
    ['10s', 10_000_000_000],
    ['2m', 120_000_000_000],
    ['0s', 0],
    [' 3 ms ', 3_000_000],
  ])('duration %s = %d ns', (text, ns) => expect(parseDurationNs(text)).toBe(ns));

  it.each([
    ['10Gbps', 10e9],
    ['500 Mbit/s', 500e6],
    ['1.5Kbps', 1500],
    ['64kbit/s', 64_000],
    ['100bps', 100],
  ])('rate %s = %d bit/s', (text, bps) => expect(parseRateBps(text)).toBe(bps));

  it.each([
    ['1500B', 1500],
    ['64KiB', 65_536],
    ['1KB', 1000],
    ['1MiB', 1_048_576],
    ['2MB', 2_000_000],
  ])('size %s = %d bytes', (text, bytes) => expect(parseSizeBytes(text)).toBe(bytes));

  it.each([
    ['2000/s', 2000],
    ['5/ms', 5000],
    ['1/us', 1e6],
  ])('event rate %s = %d per second', (text, perS) => expect(parseEventRatePerS(text)).toBe(perS));

  it.each([
    [0.01, 0.01],
    ['0.1%', 0.001],
    ['100%', 1],
  ])('probability %s = %d', (text, p) => expect(parseProbability(text)).toBeCloseTo(p, 12));

  it.each([
    [parseDurationNs, '10', 'a duration with a unit'],
    [parseDurationNs, '10 parsecs', 'a duration with a unit'],
    [parseRateBps, '10GB', 'a bit rate with a unit'],
    [parseRateBps, 'fast', 'a bit rate with a unit'],
    [parseSizeBytes, '10Gbps', 'a size in bytes'],
    [parseSizeBytes, '1.5B', 'a whole number of bytes'],
    [parseEventRatePerS, '2000', 'an event rate'],
    [parseProbability, 1.5, 'a probability between 0 and 1'],
    [parseProbability, '5', 'a probability between 0 and 1'],
  ] as const)('%o rejects %s and says it expected %s', (parse, input, expected) => {
    const call = () => (parse as (x: unknown) => number)(input);
    expect(call).toThrow(UnitError);
    expect(call).toThrow(JSON.stringify(String(input)));
    expect(call).toThrow(expected);
  });
});
