// For tools that read .ts files without Vue's language plugin (ESLint's type-aware rules): a .vue import
// is a component. vue-tsc and Vite resolve the real files and their exact types.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
