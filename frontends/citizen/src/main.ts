import { createApp } from 'vue';
import { createPinia } from 'pinia';
import '@buergeramt/ui';
import App from './App.vue';
import { currentLocale, i18n } from './i18n';
import { router } from './router';

document.documentElement.lang = currentLocale();

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app');
