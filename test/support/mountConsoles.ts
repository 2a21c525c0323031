import type { BoundedConsole } from '../../src/bounded-console.js';
import '../../src/bounded-console.js';

export interface MountConsole {
  /** Appends a console with these attributes to the page (200px tall unless `style` says otherwise), rendered once. */
  (attributes?: Record<string, string>, style?: string): Promise<BoundedConsole>;
  /** The consoles mounted and not yet removed. */
  readonly mounted: readonly BoundedConsole[];
}

/**
 * For a describe block: a function that mounts consoles, each removed after its test
 * (the afterEach hook is registered where this is called).
 */
export function mountConsoles(): MountConsole {
  const mounted: BoundedConsole[] = [];
  afterEach(() => {
    for (const el of mounted.splice(0)) el.remove();
  });
  const mount = async (attributes: Record<string, string> = {}, style = 'height: 200px') => {
    const el = document.createElement('bounded-console');
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    el.setAttribute('style', style);
    document.body.append(el);
    mounted.push(el);
    await el.updateComplete;
    return el;
  };
  return Object.assign(mount, { mounted });
}
