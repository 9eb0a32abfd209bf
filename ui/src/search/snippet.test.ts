import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet';

describe('snippetParts', () => {
  it('separates matched words without treating anything as HTML', () => {
    expect(snippetParts('Risk of \u0002eviction\u0003 and <b>x</b>')).toEqual([
      { text: 'Risk of ', match: false },
      { text: 'eviction', match: true },
      { text: ' and <b>x</b>', match: false },
    ]);
    expect(snippetParts('')).toEqual([]);
  });
});
