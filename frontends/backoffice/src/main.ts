import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { provideAppName } from '@buergeramt/ui';
import App from './App.vue';
import { currentLocale, i18n } from './i18n';
import { router } from './router';
import { useConfigStore } from './stores/config';

document.documentElement.lang = currentLocale();

const pinia = createPinia();
const app = createApp(App).use(pinia).use(i18n).use(router);
// every page's title ends with the back office's name ("Heute – Bürgeramt – Verwaltung")
provideAppName(app, () => i18n.global.t('app.name'));
// The city's configuration (preloaded by index.html) is waited for, briefly, so the first frame already
// carries the city's name and logo; a slow answer does not hold the app back.
void Promise.race([useConfigStore(pinia).load(), new Promise((resolve) => setTimeout(resolve, 1500))]).then(
  () => app.mount('#app'),
);
