import { mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../../i18n';
import SlotCalendar from './SlotCalendar.vue';

const counts = new Map([
  ['2026-12-01', 4], // before today: not bookable any more
  ['2026-12-08', 5],
  ['2026-12-09', 1],
  ['2026-12-31', 2],
  ['2027-01-12', 3],
]);

let wrapper: VueWrapper | undefined;

function render(props: Record<string, unknown> = {}) {
  wrapper = mount(SlotCalendar, {
    attachTo: document.body,
    global: { plugins: [i18n] },
    props: {
      month: '2026-12',
      counts,
      today: '2026-12-06',
      minMonth: '2026-12',
      maxMonth: '2027-06',
      ...props,
      // the parent's v-model
      'onUpdate:month': (month: string) => wrapper?.setProps({ month }),
    },
  });
  return wrapper;
}

const day = (w: VueWrapper, date: string) => w.get(`button[data-day="${date}"]`);
const focused = () => (document.activeElement as HTMLElement | null)?.dataset.day;
const press = async (w: VueWrapper, date: string, key: string, init: KeyboardEventInit = {}) => {
  await day(w, date).trigger('keydown', { key, ...init });
};

describe('SlotCalendar', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'de';
  });
  afterEach(() => {
    wrapper?.unmount();
    wrapper = undefined;
  });

  it('is a grid labelled by its month, with one tab stop on the first free day', () => {
    const w = render();
    const grid = w.get('table[role="grid"]');
    const headingId = grid.attributes('aria-labelledby');
    expect(w.get(`#${headingId}`).text()).toBe('Dezember 2026');
    expect(w.findAll('button[data-day]')).toHaveLength(31);
    expect(w.findAll('button[data-day][tabindex="0"]').map((b) => b.attributes('data-day'))).toEqual([
      '2026-12-08',
    ]);
    expect(w.findAll('th').map((th) => th.get('.ui-visually-hidden').text())).toEqual([
      'Montag',
      'Dienstag',
      'Mittwoch',
      'Donnerstag',
      'Freitag',
      'Samstag',
      'Sonntag',
    ]);
  });

  it('makes only days with free times from today on selectable, and says why the others are not', () => {
    const w = render();
    expect(day(w, '2026-12-08').attributes('aria-disabled')).toBeUndefined();
    expect(day(w, '2026-12-08').text()).toContain('Dienstag, 8. Dezember 2026, 5 freie Zeiten');
    expect(day(w, '2026-12-09').text()).toContain('1 freie Zeit');
    expect(day(w, '2026-12-10').attributes('aria-disabled')).toBe('true');
    expect(day(w, '2026-12-10').text()).toContain('keine freien Zeiten');
    // free times in the past do not count
    expect(day(w, '2026-12-01').attributes('aria-disabled')).toBe('true');
  });

  it('marks today and the chosen day', () => {
    const w = render({ selected: '2026-12-09' });
    expect(day(w, '2026-12-06').attributes('aria-current')).toBe('date');
    expect(day(w, '2026-12-06').text()).toContain('heute');
    expect(day(w, '2026-12-09').element.closest('td')?.getAttribute('aria-selected')).toBe('true');
    expect(day(w, '2026-12-08').element.closest('td')?.getAttribute('aria-selected')).toBe('false');
    // the chosen day holds the tab stop
    expect(day(w, '2026-12-09').attributes('tabindex')).toBe('0');
  });

  it('chooses a free day, and only a free day', async () => {
    const w = render();
    await day(w, '2026-12-10').trigger('click');
    expect(w.emitted('select')).toBeUndefined();
    await day(w, '2026-12-08').trigger('click');
    expect(w.emitted('select')).toEqual([['2026-12-08']]);
  });

  it('moves by day and week with the arrow keys, keeping a single tab stop', async () => {
    const w = render();
    await press(w, '2026-12-08', 'ArrowRight');
    expect(focused()).toBe('2026-12-09');
    expect(w.findAll('button[tabindex="0"]').map((b) => b.attributes('data-day'))).toEqual(['2026-12-09']);
    await press(w, '2026-12-09', 'ArrowDown');
    expect(focused()).toBe('2026-12-16');
    await press(w, '2026-12-16', 'ArrowUp');
    await press(w, '2026-12-09', 'ArrowLeft');
    expect(focused()).toBe('2026-12-08');
  });

  it('goes to the start and end of the week with Home and End, within the month', async () => {
    const w = render();
    await press(w, '2026-12-09', 'Home');
    expect(focused()).toBe('2026-12-07');
    await press(w, '2026-12-07', 'End');
    expect(focused()).toBe('2026-12-13');
    await press(w, '2026-12-02', 'Home');
    expect(focused()).toBe('2026-12-01');
  });

  it('changes the month with PageUp/PageDown and with arrows across its end', async () => {
    const w = render();
    await press(w, '2026-12-31', 'PageDown');
    expect(w.emitted('update:month')).toEqual([['2027-01']]);
    expect(w.get('table').attributes('aria-labelledby')).toBeTruthy();
    expect(focused()).toBe('2027-01-31');
    await press(w, '2027-01-31', 'ArrowRight');
    expect(focused()).toBe('2027-02-01');
    await press(w, '2027-02-01', 'PageUp');
    expect(focused()).toBe('2027-01-01');
  });

  it('does not go before the first month or after the last', async () => {
    const w = render();
    await press(w, '2026-12-03', 'ArrowUp');
    expect(focused()).toBe('2026-12-01');
    expect(w.emitted('update:month')).toBeUndefined();
    expect(w.get('button[data-month="previous"]').attributes('aria-disabled')).toBe('true');
    await w.get('button[data-month="previous"]').trigger('click');
    expect(w.emitted('update:month')).toBeUndefined();
    await w.get('button[data-month="next"]').trigger('click');
    expect(w.emitted('update:month')).toEqual([['2027-01']]);
  });

  it('ends with the booking window, and says until when one can book', async () => {
    const w = render({ month: '2027-01', maxMonth: '2027-02', bookableUntil: '2027-02-06' });
    const next = () => w.get('button[data-month="next"]');
    const note = () => w.get('.slot-calendar__until');
    expect(note().text()).toBe('Termine können bis zum 6. Februar 2027 gebucht werden.');
    // not the last month yet: the button works and needs no reason
    expect(next().attributes('aria-disabled')).toBeUndefined();
    expect(next().attributes('aria-describedby')).toBeUndefined();
    (next().element as HTMLButtonElement).focus();
    await next().trigger('click');
    expect(w.emitted('update:month')).toEqual([['2027-02']]);

    // the last month: the button stays where the focus is, does nothing and says why
    expect(next().attributes('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(next().element);
    expect(w.get(`#${next().attributes('aria-describedby')}`).text()).toBe(note().text());
    await next().trigger('click');
    expect(w.emitted('update:month')).toHaveLength(1);
    // nor do the keys go past it
    await press(w, '2027-02-03', 'PageDown');
    expect(w.emitted('update:month')).toHaveLength(1);
    expect(focused()).toBe('2027-02-28');
    // days after the window say so, and are not chosen
    expect(day(w, '2027-02-10').text()).toContain('noch nicht buchbar');
    expect(day(w, '2027-02-06').text()).toContain('keine freien Zeiten');
    await day(w, '2027-02-10').trigger('click');
    expect(w.emitted('select')).toBeUndefined();
  });

  it('says nothing of a window it does not know', () => {
    const w = render({ bookableUntil: null });
    expect(w.find('.slot-calendar__until').exists()).toBe(false);
    expect(w.get('button[data-month="next"]').attributes('aria-describedby')).toBeUndefined();
  });

  it('offers nothing to choose while the month loads', async () => {
    const w = render({ counts: null });
    expect(w.get('table').attributes('aria-busy')).toBe('true');
    expect(w.findAll('button[data-day][aria-disabled="true"]')).toHaveLength(31);
    await day(w, '2026-12-08').trigger('click');
    expect(w.emitted('select')).toBeUndefined();
  });

  it('reads in English', () => {
    i18n.global.locale.value = 'en';
    const w = render();
    expect(w.get('h2').text()).toBe('December 2026');
    expect(day(w, '2026-12-08').text()).toContain('Tuesday, 8 December 2026, 5 free times');
    w.unmount();
    const last = render({ month: '2027-02', maxMonth: '2027-02', bookableUntil: '2027-02-06' });
    expect(last.get('.slot-calendar__until').text()).toBe(
      'Appointments can be booked up to 6 February 2027.',
    );
    expect(day(last, '2027-02-10').text()).toContain('not bookable yet');
  });
});
