import { expect } from 'chai';
import { FrameScheduler, type FrameReport } from '../../src/core/index.js';
import { ManualClock } from '../support/ManualClock.js';

describe('FrameScheduler', () => {
  it('should run each scheduled client once per frame, however often it was scheduled', () => {
    const clock = new ManualClock();
    const scheduler = new FrameScheduler(clock);
    const runs = { a: 0, b: 0 };
    const a = { frame: () => runs.a++ };
    const b = { frame: () => runs.b++ };
    for (let i = 0; i < 100; i++) scheduler.schedule(i % 2 ? a : b);
    expect(clock.requested).to.equal(1);
    expect(runs).to.deep.equal({ a: 0, b: 0 });
    clock.step();
    expect(runs).to.deep.equal({ a: 1, b: 1 });
    expect(clock.requested).to.equal(0);
  });

  it('should let a client schedule itself again from its frame, for the next frame', () => {
    const clock = new ManualClock();
    const scheduler = new FrameScheduler(clock);
    let runs = 0;
    const client = { frame: () => (++runs < 3 ? scheduler.schedule(client) : undefined) };
    scheduler.schedule(client);
    clock.step();
    expect(runs).to.equal(1);
    expect(scheduler.framePending).to.equal(true);
    clock.step();
    clock.step();
    clock.step();
    expect(runs).to.equal(3);
    expect(scheduler.framePending).to.equal(false);
  });

  it('should cancel the frame when the last scheduled client is unscheduled', () => {
    const clock = new ManualClock();
    const scheduler = new FrameScheduler(clock);
    let runs = 0;
    const client = { frame: () => runs++ };
    scheduler.schedule(client);
    scheduler.unschedule(client);
    expect(clock.requested).to.equal(0);
    clock.step();
    expect(runs).to.equal(0);
  });

  it('should resolve nextFrame() after the frame has run', async () => {
    const clock = new ManualClock();
    const scheduler = new FrameScheduler(clock);
    let ran = false;
    scheduler.schedule({ frame: () => (ran = true) });
    const next = scheduler.nextFrame().then(() => ran);
    clock.step();
    expect(await next).to.equal(true);
  });

  it('should run the other clients when one throws, then rethrow the first error', () => {
    const clock = new ManualClock();
    const scheduler = new FrameScheduler(clock);
    let ran = 0;
    scheduler.schedule({ frame: () => { throw new Error('broken console'); } });
    scheduler.schedule({ frame: () => ran++ });
    expect(() => clock.step()).to.throw('broken console');
    expect(ran).to.equal(1);
  });

  it('should report each frame with its clients and the time their work took', () => {
    const clock = new ManualClock();
    const scheduler = new FrameScheduler(clock);
    const reports: FrameReport[] = [];
    scheduler.onFrame = (report) => reports.push(report);
    scheduler.schedule({ frame: () => (clock.time += 3) });
    scheduler.schedule({ frame: () => (clock.time += 2) });
    clock.step();
    expect(reports).to.deep.equal([{ clients: 2, workMs: 5 }]);
  });

  it('should run the frame of every client before the commit of any', () => {
    const clock = new ManualClock();
    const scheduler = new FrameScheduler(clock);
    const calls: string[] = [];
    for (const name of ['a', 'b']) {
      scheduler.schedule({ frame: () => calls.push(`frame ${name}`), commit: () => calls.push(`commit ${name}`) });
    }
    clock.step();
    expect(calls).to.deep.equal(['frame a', 'frame b', 'commit a', 'commit b']);
  });

  it('should leave the clients past the frame budget for the next frame, running them first', () => {
    const clock = new ManualClock();
    const scheduler = new FrameScheduler(clock, { budgetMs: 8 });
    const ran: string[] = [];
    const busy = (name: string) => ({ frame: () => { ran.push(name); clock.time += 5; } });
    const [a, b, c] = [busy('a'), busy('b'), busy('c')];
    for (const client of [a, b, c]) scheduler.schedule(client);
    clock.step();
    expect(ran).to.deep.equal(['a', 'b']);
    scheduler.schedule(a);
    clock.step();
    // 5 ms a client, as the first frame measured: one fits the 8 ms budget.
    expect(ran).to.deep.equal(['a', 'b', 'c']);
    clock.step();
    expect(ran).to.deep.equal(['a', 'b', 'c', 'a']);
  });

  it('should count the layout after the commits in the frame, and take fewer clients when it is dear', () => {
    const clock = new ManualClock();
    // Each client's script is free; the layout costs 2 ms for every client that ran.
    let wrote = 0;
    clock.onLayout = () => {
      clock.time += 2 * wrote;
      wrote = 0;
    };
    const scheduler = new FrameScheduler(clock, { budgetMs: 8 });
    const reports: number[][] = [];
    scheduler.onFrame = (report) => reports.push([report.clients, report.workMs]);
    const clients = Array.from({ length: 12 }, () => ({ frame: () => void wrote++ }));
    for (let frame = 0; frame < 4; frame++) {
      for (const client of clients) scheduler.schedule(client);
      clock.step();
    }
    // The first frame knows no cost yet and takes all 12 (24 ms); then 2 ms a client: 4 a frame.
    expect(reports).to.deep.equal([[12, 24], [4, 8], [4, 8], [4, 8]]);
  });

  it('should take more clients again only gradually once they get cheaper', () => {
    const clock = new ManualClock();
    let layoutMsPerClient = 2;
    let wrote = 0;
    clock.onLayout = () => {
      clock.time += layoutMsPerClient * wrote;
      wrote = 0;
    };
    const scheduler = new FrameScheduler(clock, { budgetMs: 8 });
    const taken: number[] = [];
    scheduler.onFrame = (report) => taken.push(report.clients);
    const clients = Array.from({ length: 12 }, () => ({ frame: () => void wrote++ }));
    for (let frame = 0; frame < 12; frame++) {
      if (frame === 2) layoutMsPerClient = 0.5;
      for (const client of clients) scheduler.schedule(client);
      clock.step();
    }
    // From frame 2 a client costs 0.5 ms; the estimate (2 ms) falls by a quarter of the gap each frame.
    expect(taken).to.deep.equal([12, 4, 4, 4, 5, 7, 8, 9, 10, 11, 12, 12]);
  });
});
