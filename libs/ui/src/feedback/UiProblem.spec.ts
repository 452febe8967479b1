import { describe, expect, it } from 'vitest';
import { mountWithI18n } from '../testing';
import UiProblem from './UiProblem.vue';

describe('UiProblem', () => {
  it('is an alert named by its title, with the body in the slot', () => {
    const problem = mountWithI18n(UiProblem, {
      props: { title: 'Der Link ist abgelaufen' },
      slots: { default: '<p>Fordern Sie einen neuen an.</p>' },
      attachTo: document.body,
    });
    const root = problem.get('[role="alert"]');
    const title = problem.get('h2');
    expect(root.attributes('aria-labelledby')).toBe(title.attributes('id'));
    expect(title.text()).toBe('Der Link ist abgelaufen');
    expect(problem.text()).toContain('Fordern Sie einen neuen an.');
    problem.unmount();
  });

  it('takes focus when it appears, unless the page manages focus', async () => {
    const shown = mountWithI18n(UiProblem, { props: { title: 'x' }, attachTo: document.body });
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).toBe(shown.element);
    shown.unmount();
    const quiet = mountWithI18n(UiProblem, {
      props: { title: 'y', disableAutoFocus: true },
      attachTo: document.body,
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).not.toBe(quiet.element);
    quiet.unmount();
  });

  it('has no dangling aria-labelledby without a title', () => {
    const problem = mountWithI18n(UiProblem, { slots: { default: 'Etwas ging schief.' } });
    expect(problem.attributes('aria-labelledby')).toBeUndefined();
  });
});
