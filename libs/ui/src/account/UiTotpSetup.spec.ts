import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { uiTestPlugins } from '../i18n';
import { accountLabel, groupSecret } from './totp';
import UiTotpSetup from './UiTotpSetup.vue';

const otpauthUrl =
  'otpauth://totp/Digitales%20B%C3%BCrgeramt:max%40rathaus.example?secret=JBSWY3DPEHPK3PXP&issuer=Digitales%20B%C3%BCrgeramt';

describe('the TOTP set-up steps', () => {
  it('groups the secret for typing and names the account of an otpauth URL', () => {
    expect(groupSecret('jbswy3dpehpk3pxp==')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('JBSW Y3DP')).toBe('JBSW Y3DP');
    expect(accountLabel(otpauthUrl)).toBe('Digitales Bürgeramt (max@rathaus.example)');
    expect(accountLabel('otpauth://totp/max?issuer=Stadt')).toBe('Stadt (max)');
    expect(accountLabel('kein url')).toBe('');
  });

  it('shows the QR code with a text alternative, the secret as text, and the app’s form as the third step', async () => {
    const wrapper = mount(UiTotpSetup, {
      props: { secret: 'JBSWY3DPEHPK3PXP', otpauthUrl },
      slots: { default: '<form id="code-form"></form>' },
      global: { plugins: uiTestPlugins('de') },
    });
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the qrcode module loads on demand
    await flushPromises();
    const img = wrapper.get('img');
    expect(img.attributes('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
    expect(img.attributes('alt')).toContain('für Digitales Bürgeramt (max@rathaus.example)');
    expect(wrapper.get('#totp-secret').text()).toBe('JBSW Y3DP EHPK 3PXP');
    expect(wrapper.get('#totp-secret').attributes('translate')).toBe('no');
    expect(wrapper.findAll('h2').map((h) => h.text())).toEqual([
      '1. Installieren Sie eine Authentifizierungs-App',
      '2. Fügen Sie Ihr Konto in der App hinzu',
      '3. Geben Sie den Sicherheitscode ein',
    ]);
    // the form follows the third step's heading
    expect(wrapper.html().indexOf('code-form')).toBeGreaterThan(wrapper.html().indexOf('3. Geben Sie'));
  });
});
