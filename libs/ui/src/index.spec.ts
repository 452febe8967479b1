// The package's public surface and its documentation stay in step: every exported component, helper
// and design token is described in the README (the contract the two apps are built against).
import { describe, expect, it } from 'vitest';
import readme from '../README.md?raw';
import * as ui from './index';
import tokens from './styles/tokens.css?raw';

describe('@buergeramt/ui exports', () => {
  const exported = Object.keys(ui);

  it('exports the components the apps build on', () => {
    for (const name of [
      'UiPageLayout',
      'UiTextField',
      'UiErrorSummary',
      'UiDialog',
      'UiMarkdown',
      'UiAnnouncer',
    ]) {
      expect(exported).toContain(name);
    }
  });

  it('documents every export in the README', () => {
    const undocumented = exported.filter(
      (name) => !readme.includes(`\`${name}`) && !readme.includes(` ${name}(`),
    );
    expect(undocumented).toEqual([]);
  });

  it('documents every design token in the README', () => {
    const declared = [...tokens.matchAll(/^\s*(--[a-z0-9-]+):/gm)].map((match) => match[1] ?? '');
    expect(declared.length).toBeGreaterThan(40);
    expect([...new Set(declared)].filter((token) => !readme.includes(`\`${token}\``))).toEqual([]);
  });

  it('keeps the brand tokens the city theme overrides', () => {
    for (const token of ['--color-brand', '--color-brand-contrast', '--color-brand-dark', '--color-link']) {
      expect(tokens).toMatch(new RegExp(`${token}:`));
    }
  });
});
