import { jobSearchQuery } from '@societas/contracts';
import { describe, expect, it } from 'vitest';
import { type FacetCombination, facetsFromCombinations } from '../../src/modules/jobs/search.repository.js';

/** One combination: the listings sharing these facet values (n in all, n1 / n7 / n30 posted within). */
const combo = (
  pt: string,
  se: string,
  co: string,
  wp: string,
  cs: string | null,
  sal: boolean,
  [n, n1, n7, n30]: [number, number, number, number],
): FacetCombination => ({ pt, se, co, wp, cs, sal, n, n1, n7, n30 });

const COMBINATIONS = [
  combo('postdoc', 'academia', 'DE', 'on_site', 'postdoc', true, [5, 1, 3, 4]), // A: passes every filter below
  combo('postdoc', 'academia', 'FR', 'remote', null, false, [4, 0, 2, 4]), // B: fails salary only
  combo('phd', 'academia', 'DE', 'on_site', 'student', true, [6, 2, 4, 5]), // C: fails position only
  combo('postdoc', 'industry', 'GB', 'hybrid', 'postdoc', true, [4, 1, 3, 4]), // D: fails country only
  combo('faculty', 'academia', 'US', 'on_site', 'mid_career', false, [7, 0, 5, 6]), // E: fails three
  combo('postdoc', 'industry', 'FR', 'hybrid', 'early_career', true, [2, 0, 0, 1]), // F: passes, none this week
  combo('phd', 'industry', 'GB', 'remote', null, true, [8, 3, 6, 8]), // G: fails position and country
];

describe('facetsFromCombinations', () => {
  it('two countries + postdoc + posted within 7 days + salary stated: each facet applies every filter but its own', () => {
    const q = jobSearchQuery.parse({
      country: ['DE', 'FR'],
      positionType: ['postdoc'],
      postedWithinDays: 7,
      salaryStated: true,
    });
    expect(facetsFromCombinations(COMBINATIONS, q)).toEqual({
      // A (3 this week) + F (0); C fails only the position filter, so phd counts its 4.
      positionType: [
        { value: 'phd', count: 4 },
        { value: 'postdoc', count: 3 },
      ],
      // A (3); F's FR has 0 this week and is dropped; D fails only the country filter: GB 3,
      // tied with DE and sorted after it by value.
      country: [
        { value: 'DE', count: 3 },
        { value: 'GB', count: 3 },
      ],
      sector: [{ value: 'academia', count: 3 }], // industry (F) is 0: dropped
      workplace: [{ value: 'on_site', count: 3 }],
      careerStage: [{ value: 'postdoc', count: 3 }],
      // A and F pass every other filter: n1, n7, n30 summed, whatever the ticked 7 days.
      postedWithinDays: [
        { value: '1', count: 1 },
        { value: '7', count: 3 },
        { value: '30', count: 5 },
      ],
      // B (fails the salary filter alone) states no salary, so it counts nowhere.
      salaryStated: 3,
      total: 3,
    });
  });

  it('a career-stage filter drops combinations without one; its own facet skips them', () => {
    const q = jobSearchQuery.parse({ careerStage: ['postdoc'] });
    const facets = facetsFromCombinations(COMBINATIONS, q);
    expect(facets.total).toBe(9); // A 5 + D 4
    expect(facets.careerStage).toEqual([
      { value: 'postdoc', count: 9 },
      { value: 'mid_career', count: 7 },
      { value: 'student', count: 6 },
      { value: 'early_career', count: 2 },
    ]);
    expect(facets.country).toEqual([
      { value: 'DE', count: 5 },
      { value: 'GB', count: 4 },
    ]);
    expect(facets.salaryStated).toBe(9);
    expect(facets.postedWithinDays).toEqual([
      { value: '1', count: 2 },
      { value: '7', count: 6 },
      { value: '30', count: 8 },
    ]);
  });

  it('no combinations: empty buckets and zero counts', () => {
    expect(facetsFromCombinations([], jobSearchQuery.parse({ country: ['DE'] }))).toEqual({
      positionType: [],
      sector: [],
      country: [],
      workplace: [],
      careerStage: [],
      postedWithinDays: [
        { value: '1', count: 0 },
        { value: '7', count: 0 },
        { value: '30', count: 0 },
      ],
      salaryStated: 0,
      total: 0,
    });
  });
});
