import { describe, expect, it } from 'vitest';
import { outputMatches } from './doc-examples.ts';

describe('matching a quoted output against a real one', () => {
  it('needs every plain line to be equal', () => {
    expect(outputMatches(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(outputMatches(['a', 'b'], ['a', 'c'])).toBe(false);
    expect(outputMatches(['a'], ['a', 'b'])).toBe(false);
    expect(outputMatches(['a', 'b'], ['a'])).toBe(false);
  });

  it('lets a line of three dots stand for any number of lines, none included', () => {
    expect(outputMatches(['a', '...', 'z'], ['a', 'z'])).toBe(true);
    expect(outputMatches(['a', '  ...', 'z'], ['a', 'b', 'c', 'z'])).toBe(true);
    expect(outputMatches(['a', '...'], ['a', 'b'])).toBe(true);
    expect(outputMatches(['a', '...', 'z'], ['a', 'b'])).toBe(false);
  });

  it('lets ⋯ stand for any text within one line, and nothing else is a pattern', () => {
    expect(outputMatches(['run: 12 events in ⋯ s'], ['run: 12 events in 0.31 s'])).toBe(true);
    expect(outputMatches(['run: 12 events in ⋯ s'], ['run: 13 events in 0.31 s'])).toBe(false);
    expect(outputMatches(['a.b (c) ⋯'], ['aXb (c) d'])).toBe(false);
    expect(outputMatches(['x … y'], ['x anything y'])).toBe(false);
  });
});
