import { describe, expect, it } from 'vitest';
import { parseTsVector } from './listings.js';
import { matches, parseTsQuery, type TsNode } from './tsquery.js';

/** A listing from a tsvector's text, as the matcher sees it. */
const doc = (tsvector: string) => {
  const lexemes = new Map(parseTsVector(tsvector));
  return (lexeme: string) => lexemes.get(lexeme);
};
const tree = (text: string): TsNode => {
  const p = parseTsQuery(text);
  if (p.kind !== 'tree') throw new Error(`not a tree: ${p.kind}`);
  return p.tree;
};

describe('parseTsQuery', () => {
  it("reads websearch_to_tsquery's output with PostgreSQL's precedence (! > <N> > & > |)", () => {
    expect(tree("'neural' <-> 'stem' <2> 'cell' & !'mous' | 'rat'")).toEqual({
      op: 'or',
      left: {
        op: 'and',
        left: {
          op: 'phrase',
          distance: 2,
          left: {
            op: 'phrase',
            distance: 1,
            left: { op: 'term', lexeme: 'neural' },
            right: { op: 'term', lexeme: 'stem' },
          },
          right: { op: 'term', lexeme: 'cell' },
        },
        right: { op: 'not', arg: { op: 'term', lexeme: 'mous' } },
      },
      right: { op: 'term', lexeme: 'rat' },
    });
    expect(tree("'o''brien' & 'a\\\\b'")).toEqual({
      op: 'and',
      left: { op: 'term', lexeme: "o'brien" },
      right: { op: 'term', lexeme: 'a\\b' },
    });
  });

  it('an empty query has no lexemes; prefixes, weights and operators inside phrases are left to PostgreSQL', () => {
    expect(parseTsQuery('')).toEqual({ kind: 'empty' });
    expect(parseTsQuery("'organ':*")).toEqual({ kind: 'unsupported' });
    expect(parseTsQuery("'organ':AB & 'cell'")).toEqual({ kind: 'unsupported' });
    expect(parseTsQuery("'a' <-> ( 'b' | 'c' )")).toEqual({ kind: 'unsupported' });
    expect(parseTsQuery("'a' & ")).toEqual({ kind: 'unsupported' });
  });
});

describe('matches', () => {
  const listing = doc("'cell':3A,9 'singl':2A 'single-cel':1A 'stem':8C 'mous':12C");
  it('checks phrases by exact distance, as PostgreSQL does', () => {
    expect(matches(tree("'single-cel' <-> 'singl' <-> 'cell'"), listing)).toBe(true);
    expect(matches(tree("'stem' <-> 'cell'"), listing)).toBe(true);
    expect(matches(tree("'stem' <2> 'cell'"), listing)).toBe(false);
    expect(matches(tree("'singl' <-> ( 'cell' <5> 'stem' )"), listing)).toBe(true);
    expect(matches(tree("'cell' <-> 'stem'"), listing)).toBe(false);
  });
  it('applies &, | and !', () => {
    expect(matches(tree("'cell' & !'rat'"), listing)).toBe(true);
    expect(matches(tree("'cell' & !'mous'"), listing)).toBe(false);
    expect(matches(tree("'rat' | 'mous'"), listing)).toBe(true);
    expect(matches(tree("!'rat'"), listing)).toBe(true);
  });
});

describe('parseTsVector', () => {
  it('reads positions with weights (A = 3 in the top bits, no letter = D)', () => {
    expect(parseTsVector("'cell':2A,7 'o''brien':5B 'x':1")).toEqual([
      ['cell', Uint16Array.from([2 | (3 << 14), 7])],
      ["o'brien", Uint16Array.from([5 | (2 << 14)])],
      ['x', Uint16Array.from([1])],
    ]);
  });
});
