// The package's typings only name '@xterm/headless'; its browser-loadable ESM build sits at a deep path
// that the package.json does not point to (its "module" field names a file that is not shipped).
declare module '@xterm/headless/lib-headless/xterm-headless.mjs' {
  export { Terminal } from '@xterm/headless';
}

declare module '@xterm/addon-unicode11/lib/addon-unicode11.mjs' {
  export { Unicode11Addon } from '@xterm/addon-unicode11';
}
