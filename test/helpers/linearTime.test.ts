/** The linear-time checker is shown rejecting what it must reject: quadratic work. */
import { describe, expect, it } from 'vitest';
import { expectLinearTime, timeRatio } from './linearTime.js';

/** Quadratic on purpose: for each character, scan everything before it. */
function quadratic(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    for (let j = 0; j < i; j++) if (text.charCodeAt(j) === text.charCodeAt(i)) count++;
  }
  return count;
}

function linear(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 97) count++;
  return count;
}

describe('expectLinearTime', () => {
  it('rejects quadratic work', () => {
    expect(() => expectLinearTime((n) => 'ab'.repeat(n / 2), quadratic, { size: 8_000 })).toThrow(/^not linear: 8× the input took \d+\.\d× the time/);
  });

  it('accepts linear work', () => {
    expectLinearTime((n) => 'ab'.repeat(n / 2), linear);
    expect(timeRatio((n) => 'ab'.repeat(n / 2), linear)).toBeGreaterThan(2);
  });
});
