import { describe, expect, it } from 'vitest';
import { COUNTRIES } from './countries.js';
import { JOB_FILTER_VALUES_MAX, JOB_SEARCH_TEXT_MAX, jobSearchQuery, searchFromParams } from './jobs.js';

describe('searchFromParams', () => {
  it('turns a hand-edited URL into a search the schema takes: text and lists cut, unknown values dropped', () => {
    const p = new URLSearchParams();
    p.set('q', `  ${'organoid '.repeat(60)}`);
    for (const c of COUNTRIES.slice(0, 60)) p.append('country', c.code.toLowerCase());
    p.append('country', 'DE');
    p.append('country', 'ZZ');
    p.append('positionType', 'postdoc');
    p.append('positionType', 'postdoc');
    p.append('positionType', 'wizard');
    p.set('postedWithinDays', '3');
    const search = searchFromParams(p);
    expect(search.q).toHaveLength(JOB_SEARCH_TEXT_MAX);
    expect(search.q).toMatch(/^organoid organoid/);
    expect(search.country).toHaveLength(JOB_FILTER_VALUES_MAX);
    expect(search.country).toEqual(COUNTRIES.slice(0, JOB_FILTER_VALUES_MAX).map((c) => c.code));
    expect(search.positionType).toEqual(['postdoc']);
    expect(search.postedWithinDays).toBeNull();
    // The page parses it with the schema: a link like this must not fail the page.
    expect(jobSearchQuery.safeParse(search).success).toBe(true);
  });
});
