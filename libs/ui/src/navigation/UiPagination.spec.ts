import { describe, expect, it } from 'vitest';
import { mountWithI18n } from '../testing';
import { paginationItems } from './pagination';
import UiPagination from './UiPagination.vue';

describe('paginationItems', () => {
  it('shows first, last, current and neighbours with gaps', () => {
    expect(paginationItems(1, 1)).toEqual([1]);
    expect(paginationItems(1, 3)).toEqual([1, 2, 3]);
    expect(paginationItems(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    expect(paginationItems(1, 10)).toEqual([1, 2, null, 10]);
    expect(paginationItems(10, 10)).toEqual([1, null, 9, 10]);
  });

  it('shows a single hidden page instead of a gap', () => {
    expect(paginationItems(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('clamps the current page', () => {
    expect(paginationItems(99, 3)).toEqual([1, 2, 3]);
    expect(paginationItems(1, 0)).toEqual([]);
  });
});

describe('UiPagination', () => {
  it('is a labelled navigation with the current page marked', () => {
    const pagination = mountWithI18n(UiPagination, { props: { page: 3, pages: 5 } });
    expect(pagination.element.tagName).toBe('NAV');
    expect(pagination.attributes('aria-label')).toBe('Seitennavigation');
    const current = pagination.findAll('[aria-current="page"]');
    expect(current).toHaveLength(1);
    expect(current[0]?.text()).toBe('3');
    expect(current[0]?.attributes('aria-label')).toBe('Seite 3 von 5');
    expect(pagination.get('.ui-pagination__list button:not([aria-current])').attributes('aria-label')).toBe(
      'Seite 1',
    );
  });

  it('names previous and next for screen readers', () => {
    const pagination = mountWithI18n(UiPagination, { props: { page: 2, pages: 3 } });
    expect(pagination.get('.ui-pagination__prev .ui-pagination__link-title').text()).toBe(
      'Zurück zur vorherigen Seite',
    );
    expect(pagination.get('.ui-pagination__next .ui-pagination__link-title').text()).toBe(
      'Weiter zur nächsten Seite',
    );
    for (const arrow of pagination.findAll('.ui-pagination__arrow'))
      expect(arrow.attributes('aria-hidden')).toBe('true');
  });

  it('hides previous on the first page and next on the last', () => {
    const first = mountWithI18n(UiPagination, { props: { page: 1, pages: 3 } });
    expect(first.find('.ui-pagination__prev').exists()).toBe(false);
    expect(first.find('.ui-pagination__next').exists()).toBe(true);
    const last = mountWithI18n(UiPagination, { props: { page: 3, pages: 3 } });
    expect(last.find('.ui-pagination__next').exists()).toBe(false);
  });

  it('emits update:page from page numbers and previous/next', async () => {
    const pagination = mountWithI18n(UiPagination, { props: { page: 2, pages: 5 } });
    await pagination.get('button[aria-label="Seite 5"]').trigger('click');
    // not bound with v-model: the component keeps the page itself, now 5
    await pagination.get('.ui-pagination__prev button').trigger('click');
    expect(pagination.emitted('update:page')).toEqual([[5], [4]]);
    expect(pagination.emitted('previous')).toHaveLength(1);
  });

  it('renders real links with hrefFor and handles a plain click itself', () => {
    const pagination = mountWithI18n(UiPagination, {
      props: { page: 2, pages: 3, hrefFor: (page: number) => `/termine?seite=${page}` },
    });
    const next = pagination.get('.ui-pagination__next a');
    expect(next.attributes()).toMatchObject({ href: '/termine?seite=3', rel: 'next' });
    const event = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    next.element.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(pagination.emitted('update:page')).toEqual([[3]]);
  });

  it('lets a ctrl-click open the link in a new tab', () => {
    const pagination = mountWithI18n(UiPagination, {
      props: { page: 1, pages: 3, hrefFor: (page: number) => `?seite=${page}` },
      attachTo: document.body,
    });
    const event = new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true });
    let preventedByComponent: boolean | undefined;
    const record = (bubbled: Event) => {
      preventedByComponent = bubbled.defaultPrevented;
      bubbled.preventDefault(); // jsdom cannot open a new tab
    };
    document.addEventListener('click', record);
    pagination.get('a[aria-label="Seite 2"]').element.dispatchEvent(event);
    document.removeEventListener('click', record);
    expect(preventedByComponent).toBe(false);
    expect(pagination.emitted('update:page')).toBeUndefined();
    pagination.unmount();
  });

  it('works cursor-style with only previous and next', async () => {
    const pagination = mountWithI18n(UiPagination, { props: { hasPrevious: false, hasNext: true } });
    expect(pagination.find('.ui-pagination__list').exists()).toBe(false);
    expect(pagination.find('.ui-pagination__prev').exists()).toBe(false);
    await pagination.get('.ui-pagination__next button').trigger('click');
    expect(pagination.emitted('next')).toHaveLength(1);
    expect(pagination.find('[aria-current]').exists()).toBe(false);
  });
});
