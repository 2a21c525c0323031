// How `npm run build` writes custom-elements.json (named by "customElements" in
// package.json) with @custom-elements-manifest/analyzer, from the element's JSDoc
// and Lit properties; test/check-manifest.js checks the committed one against it.
// The manifest describes the package's API: the element's private members, and what
// src/bounded-console.ts does not export, are left out (so refactoring them leaves
// it as it is), and its paths are the JavaScript modules the package ships.

const ENTRY = 'src/bounded-console.ts';

export default {
  globs: [ENTRY, 'src/view/BoundedConsole.ts'],
  litelement: true,
  // package.json names the manifest already; left on, the analyzer rewrites package.json.
  packagejson: false,
  quiet: true,
  plugins: [publicApiOnly(), shippedPaths()],
};

/** Keeps the declarations the entry exports, and of classes only their public members. */
function publicApiOnly() {
  return {
    name: 'bounded-console:public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      const entry = customElementsManifest.modules.find((module) => module.path === ENTRY);
      const exported = new Set(entry.exports.map((item) => item.declaration.name));
      for (const module of customElementsManifest.modules) {
        if (module === entry) continue;
        module.declarations = module.declarations.filter((declaration) => exported.has(declaration.name));
        module.exports = module.exports.filter((item) => exported.has(item.name));
        for (const declaration of module.declarations) {
          if (declaration.members) declaration.members = declaration.members.filter((member) => member.privacy !== 'private' && member.privacy !== 'protected');
        }
      }
    },
  };
}

/** `src/view/BoundedConsole.ts`, and references to it however written, become `dist/lib/view/BoundedConsole.js`. */
function shippedPaths() {
  const shipped = (path) => path.replace(/^\/?src\//, 'dist/lib/').replace(/\.ts$/, '.js');
  return {
    name: 'bounded-console:shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        const directory = module.path.slice(0, module.path.lastIndexOf('/') + 1);
        for (const item of module.exports) {
          const reference = item.declaration;
          if (reference.module === undefined || reference.package !== undefined) continue;
          reference.module = shipped(reference.module.startsWith('./') ? directory + reference.module.slice(2) : reference.module);
        }
        module.path = shipped(module.path);
      }
    },
  };
}
