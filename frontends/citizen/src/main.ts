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
const config = useConfigStore(pinia);
// every page's title ends with the city's name for the app (configuration), else the app's own
provideAppName(app, () => config.text(config.config?.appName) || i18n.global.t('app.name'));
// The city's configuration (preloaded by index.html) is waited for, briefly, so the first frame already
// carries the city's name and nothing moves when it arrives; a slow answer does not hold the app back.
void Promise.race([config.load(), new Promise((resolve) => setTimeout(resolve, 1500))]).then(() =>
  app.mount('#app'),
);
