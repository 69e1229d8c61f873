import { describe, expect, it } from 'vitest';
import { groupsOfFour } from './format';

describe('groupsOfFour', () => {
  it('splits into groups of four, the last shorter', () => {
    expect(groupsOfFour('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu')).toBe(
      'bc1q cr8t e4kr 609g cawu tmrz a0j4 xv80 jy8z 306f yu',
    );
  });

  it('loses no character', () => {
    const address = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
    expect(groupsOfFour(address).replaceAll(' ', '')).toBe(address);
  });
});
