import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { type LeaveGuard, useLeaveGuard } from './useLeaveGuard';

const busy = ref(false);
let guard: LeaveGuard | undefined;

const Counter = defineComponent({
  setup() {
    guard = useLeaveGuard(() => busy.value);
    return () => h('h1', 'Heute');
  },
});
const Elsewhere = { render: () => h('h1', 'Woanders') };

async function render() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/heute', component: Counter },
      { path: '/woanders', component: Elsewhere },
    ],
  });
  await router.push('/heute');
  const wrapper = mount(
    { render: () => h(RouterView) },
    {
      global: { plugins: [router] },
      attachTo: document.body,
    },
  );
  await flushPromises();
  return { router, wrapper };
}

const unload = (): Event => {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event;
};

describe('the warning before leaving', () => {
  afterEach(() => {
    busy.value = false;
    guard = undefined;
  });

  it('lets the person go when nothing is open', async () => {
    const { router, wrapper } = await render();
    await router.push('/woanders');
    expect(router.currentRoute.value.path).toBe('/woanders');
    expect(unload().defaultPrevented).toBe(false);
    wrapper.unmount();
  });

  it('asks before a route change while something is open: staying cancels it, leaving goes on', async () => {
    const { router, wrapper } = await render();
    busy.value = true;
    const first = router.push('/woanders');
    await flushPromises();
    expect(guard?.asking.value).toBe(true);
    expect(router.currentRoute.value.path).toBe('/heute');
    guard?.stay();
    await first;
    expect(guard?.asking.value).toBe(false);
    expect(router.currentRoute.value.path).toBe('/heute');

    const second = router.push('/woanders');
    await flushPromises();
    expect(guard?.asking.value).toBe(true);
    guard?.leave();
    await second;
    expect(router.currentRoute.value.path).toBe('/woanders');
    wrapper.unmount();
  });

  it('a second navigation while the question is open replaces the first', async () => {
    const { router, wrapper } = await render();
    busy.value = true;
    const first = router.push('/woanders');
    await flushPromises();
    const second = router.push('/woanders?again=1');
    await flushPromises();
    guard?.leave();
    await Promise.all([first, second]);
    expect(router.currentRoute.value.fullPath).toBe('/woanders?again=1');
    wrapper.unmount();
  });

  it('has the browser ask before the tab is closed or reloaded, while something is open', async () => {
    const { wrapper } = await render();
    expect(unload().defaultPrevented).toBe(false);
    busy.value = true;
    expect(unload().defaultPrevented).toBe(true);
    wrapper.unmount();
    // the page is gone: no question any more
    expect(unload().defaultPrevented).toBe(false);
  });
});
