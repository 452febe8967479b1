// Test helpers of the library's own specs (not exported from index.ts; apps use `uiTestPlugins()`).
import { mount, type MountingOptions } from '@vue/test-utils';
import { expect } from 'vitest';
import { type Component } from 'vue';
import { uiTestPlugins } from './i18n';

function mountGerman(component: Component, options: MountingOptions<Record<string, unknown>> = {}) {
  const global = options.global ?? {};
  return mount(component, {
    ...options,
    global: { ...global, plugins: [...(global.plugins ?? []), ...uiTestPlugins('de')] },
  });
}

/** `mount()` with the library's i18n installed in German (for English: `global.plugins: uiTestPlugins('en')`). */
export const mountWithI18n = mountGerman as unknown as typeof mount;

function elementsWithId(root: ParentNode, id: string): Element[] {
  return Array.from(root.querySelectorAll('[id]')).filter((element) => element.id === id);
}

/**
 * The accessibility wiring of a rendered fragment: ids are unique; every label's `for` names exactly
 * one element, which is a form control; every id in aria-describedby, aria-labelledby and
 * aria-controls exists; aria-invalid appears only as "true".
 */
export function expectAccessibleWiring(root: Element): void {
  const ids = Array.from(root.querySelectorAll('[id]')).map((element) => element.id);
  expect(
    ids.filter((id, index) => ids.indexOf(id) !== index),
    'duplicate ids',
  ).toEqual([]);
  expect(
    ids.filter((id) => id.trim() === ''),
    'empty ids',
  ).toEqual([]);

  for (const label of Array.from(root.querySelectorAll('label'))) {
    const target = label.getAttribute('for');
    expect(target, `label "${label.textContent?.trim()}" has a for attribute`).toBeTruthy();
    const matches = elementsWithId(root, target ?? '');
    expect(matches, `label for="${target}" names one element`).toHaveLength(1);
    expect(['INPUT', 'SELECT', 'TEXTAREA']).toContain(matches[0]?.tagName);
  }

  for (const attribute of ['aria-describedby', 'aria-labelledby', 'aria-controls']) {
    for (const element of Array.from(root.querySelectorAll(`[${attribute}]`))) {
      const value = element.getAttribute(attribute) ?? '';
      expect(value.trim(), `${attribute} is not empty`).not.toBe('');
      for (const id of value.split(/\s+/)) {
        expect(elementsWithId(root, id), `${attribute} "${id}" exists`).toHaveLength(1);
      }
    }
  }

  for (const element of Array.from(root.querySelectorAll('[aria-invalid]'))) {
    expect(element.getAttribute('aria-invalid')).toBe('true');
  }
}

/** The ids listed in an element's aria-describedby (empty when it has none). */
export function describedBy(element: Element): string[] {
  return (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
}
