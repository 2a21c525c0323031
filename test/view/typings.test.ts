import { expect } from 'chai';
import { BoundedConsole } from '../../src/bounded-console.js';
import { ATTRIBUTE_PROPERTIES } from '../../src/props.js';

describe('Framework typings', () => {
  it('name every attribute the element observes, with the property it sets', () => {
    const observed: Record<string, string> = {};
    for (const [property, options] of BoundedConsole.elementProperties) {
      if (options.attribute === false || typeof property !== 'string') continue;
      observed[typeof options.attribute === 'string' ? options.attribute : property.toLowerCase()] = property;
    }
    expect(ATTRIBUTE_PROPERTIES, 'src/props.ts lists the attributes the React and Vue typings accept').to.deep.equal(observed);
  });
});
