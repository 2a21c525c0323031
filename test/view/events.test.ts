import { expect } from 'chai';
import { ClearedEvent, FollowChangeEvent, LinesDroppedEvent, type BoundedConsole } from '../../src/bounded-console.js';
import { FrameScheduler } from '../../src/core/index.js';
import { ManualClock } from '../support/ManualClock.js';
import { mountConsoles } from '../support/mountConsoles.js';

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

function numbered(from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += `L${i}\n`;
  return text;
}

describe('<bounded-console> events', () => {
  const mountWith = mountConsoles();
  const mount = (maxLines: number): Promise<BoundedConsole> => mountWith({ 'max-lines': String(maxLines) });

  /** Every event of `name` the element dispatches from now on. */
  function record<K extends keyof HTMLElementEventMap>(el: HTMLElement, name: K): HTMLElementEventMap[K][] {
    const events: HTMLElementEventMap[K][] = [];
    el.addEventListener(name, (event) => events.push(event));
    return events;
  }

  it('should name each event class by its static eventName, bubbling from the element', () => {
    expect([LinesDroppedEvent.eventName, FollowChangeEvent.eventName, ClearedEvent.eventName]).to.deep.equal(['lines-dropped', 'follow-change', 'cleared']);
    expect(new ClearedEvent().bubbles).to.equal(true);
  });

  it('should report dropped lines at most once a frame, with exact counts, however many writes came', async () => {
    const el = await mount(100);
    const clock = new ManualClock();
    el.scheduler = new FrameScheduler(clock);
    const dropped = record(el, 'lines-dropped');
    el.write(numbered(0, 50));
    clock.step();
    expect(dropped).to.deep.equal([]);
    for (let i = 0; i < 100; i++) el.write(numbered(50 + i * 100, 150 + i * 100)); // 10,000 more lines, 100 writes
    clock.step();
    expect(dropped.map((event) => [event.count, event.total])).to.deep.equal([[9950, 9950]]);
    el.write(numbered(10_050, 10_060));
    clock.step();
    clock.step(); // a frame with nothing new fires nothing
    expect(dropped.map((event) => [event.count, event.total])).to.deep.equal([
      [9950, 9950],
      [10, 9960],
    ]);
    el.maxLines = 40;
    clock.step();
    expect(dropped.at(-1)).to.include({ count: 60, total: 10_020 });
    expect(dropped.at(-1)!.total).to.equal(el.droppedLines);
  });

  it('should fire cleared on clear(), and count drops from nothing after it', async () => {
    const el = await mount(10);
    const clock = new ManualClock();
    el.scheduler = new FrameScheduler(clock);
    const cleared = record(el, 'cleared');
    const dropped = record(el, 'lines-dropped');
    el.write(numbered(0, 30));
    clock.step();
    el.clear();
    expect(cleared).to.have.length(1);
    expect(cleared[0]).to.be.instanceOf(ClearedEvent);
    el.write(numbered(0, 15));
    clock.step();
    expect(dropped.map((event) => [event.count, event.total])).to.deep.equal([
      [20, 20],
      [5, 5],
    ]);
  });

  it('should fire follow-change when the reader scrolls away and when the view follows again', async () => {
    const el = await mount(1000);
    const changes = record(el, 'follow-change');
    el.write(numbered(0, 300));
    await el.flush();
    el.shadowRoot!.querySelector('[part="viewport"]')!.scrollTop = 0;
    await nextFrame();
    await nextFrame();
    expect(changes.map((event) => event.following)).to.deep.equal([false]);
    el.write(numbered(300, 310)); // new output while away changes nothing
    await el.flush();
    el.scrollToLatest();
    await nextFrame();
    await nextFrame();
    expect(changes.map((event) => event.following)).to.deep.equal([false, true]);
    expect(el.following).to.equal(true);
  });
});
