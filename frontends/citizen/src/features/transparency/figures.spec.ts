import { describe, expect, it } from 'vitest';
import { formatFigure, formatShare, officesWithMedian, pluralCount, servicesByName } from './figures';

describe('the transparency figures', () => {
  it('are written as read in each language, with at most one decimal', () => {
    expect(formatFigure(12.5, 'de')).toBe('12,5');
    expect(formatFigure(12.5, 'en')).toBe('12.5');
    expect(formatFigure(3, 'de')).toBe('3');
    expect(formatFigure(1234, 'de')).toBe('1.234');
    expect(formatShare(0.237, 'de')).toBe('24\u00a0%');
    expect(formatShare(0.237, 'en')).toBe('24%');
  });

  it('say "Tag" only for exactly one', () => {
    expect([0.5, 1, 1.5, 2].map(pluralCount)).toEqual([2, 1, 2, 2]);
  });

  it('list services by name and draw only offices with enough cases', () => {
    const service = (name: string) => ({
      serviceId: name,
      slug: name,
      name,
      medianProcessingDays: 1,
      cases: 5,
    });
    expect(
      servicesByName(
        [service('Meldebescheinigung'), service('Anwohnerparken'), service('Ärztliches')],
        'de',
      ).map((s) => s.name),
    ).toEqual(['Anwohnerparken', 'Ärztliches', 'Meldebescheinigung']);
    const office = (name: string, median: number | null) => ({
      locationId: name,
      name,
      servedLast30Days: null,
      waitingMinutesToday: null,
      medianWaitingMinutes30Days: median,
    });
    expect(
      officesWithMedian([office('A', 12), office('B', null), office('C', 0)]).map((o) => o.name),
    ).toEqual(['A', 'C']);
  });
});
