/**
 * Template typings of `<bounded-console>` for Vue 3 (vue-tsc and the Vue language
 * tools), in the shape Vue's guide gives for custom elements not built with Vue.
 * Type-only: load them once with `import type {} from 'bounded-console/vue'`, define
 * the element with `import 'bounded-console'`, and tell Vue's compiler it is a custom
 * element (`compilerOptions.isCustomElement`).
 */
import type { HTMLAttributes, PublicProps } from 'vue';
import type { BoundedConsoleAttributes, BoundedConsoleProperties } from './props.js';
import type { BoundedConsole } from './view/BoundedConsole.js';

/** The props of `<bounded-console>` in a template: its attributes and properties, and those of every HTML element. */
export type BoundedConsoleProps = HTMLAttributes & BoundedConsoleAttributes & BoundedConsoleProperties & PublicProps;

declare module 'vue' {
  interface GlobalComponents {
    /** A template ref to it is the element itself. */
    'bounded-console': new () => BoundedConsole & {
      /** @deprecated Not on the element: only what its template may set, for type checking. */
      $props: BoundedConsoleProps;
    };
  }
}
