import { describe, expect, it } from 'vitest';
import { mountWithI18n } from '../testing';
import UiNotificationBanner from './UiNotificationBanner.vue';

describe('UiNotificationBanner', () => {
  it('is a region labelled by its title for information', () => {
    const banner = mountWithI18n(UiNotificationBanner, {
      slots: { default: '<p>Am Freitag geschlossen.</p>' },
    });
    const title = banner.get('h2');
    expect(title.text()).toBe('Wichtig');
    expect(banner.attributes('role')).toBe('region');
    expect(banner.attributes('aria-labelledby')).toBe(title.attributes('id'));
    expect(banner.text()).toContain('Am Freitag geschlossen.');
  });

  it('is an alert for a success', () => {
    const banner = mountWithI18n(UiNotificationBanner, {
      props: { tone: 'success', heading: 'Ihr Termin ist gebucht' },
    });
    expect(banner.attributes('role')).toBe('alert');
    expect(banner.get('h2').text()).toBe('Erfolg');
    expect(banner.get('.ui-notification-banner__heading').text()).toBe('Ihr Termin ist gebucht');
    expect(banner.classes()).toContain('ui-notification-banner--success');
  });

  it('emits dismiss from its dismiss button', async () => {
    const banner = mountWithI18n(UiNotificationBanner, { props: { dismissible: true, title: 'Hinweis' } });
    expect(banner.get('h2').text()).toBe('Hinweis');
    const button = banner.get('button');
    expect(button.attributes('type')).toBe('button');
    await button.trigger('click');
    expect(banner.emitted('dismiss')).toHaveLength(1);
  });

  it('has no dismiss button unless dismissible', () => {
    expect(mountWithI18n(UiNotificationBanner).find('button').exists()).toBe(false);
  });
});
